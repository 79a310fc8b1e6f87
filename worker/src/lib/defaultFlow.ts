// The flow a chat interface runs until its admin publishes one: greet, then offer a
// person (live or video) with the offline form when nobody answers.
import { FlowSchema, type Flow } from "@raibu/protocol/flow";
import type { Lang } from "@raibu/protocol/lang";
import { translate } from "./i18n";

export function defaultFlow(language: Lang, welcome = ""): Flow {
  return FlowSchema.parse({
    start: "greeting",
    offerRequestsAnytime: true,
    steps: [
      { id: "greeting", kind: "message", text: welcome || translate(language, "bot.greeting"), next: "human" },
      { id: "human", kind: "live_chat", offer: "both", timeoutSeconds: 60 },
    ],
  });
}
