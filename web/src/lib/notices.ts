// System notices in the console's language: client/notices.ts picks the sentence for a notice's
// code, and the console's dictionaries write it under `notice.<key>`, so every agent reads their own.
import type { SystemNotice } from "@raibu/protocol/realtime";
import { noticeText as sharedNoticeText } from "../../../client/notices";
import type { Translate } from "./i18n";

export const noticeText = (t: Translate, notice: SystemNotice): string => sharedNoticeText(notice, (key, params) => t(`notice.${key}`, params));
