// Which of the timeline's rows the widget's message list draws. A closed conversation's panel
// below the list says "The conversation has ended", so the server's closing notice is not said a
// second time above it (closing is final: no message ever follows that notice).
import type { TimelineItem } from "../../../client/timeline";

export const shownItems = (items: readonly TimelineItem[]) => items.filter((item) => item.notice?.code !== "closed");
