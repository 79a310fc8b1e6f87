// Saved replies (canned responses): the workspace's, written by admins, and each agent's own.
// The Worker validates with these schemas; the console imports the types.
import { z } from "@hono/zod-openapi";
import { MAX_MESSAGE_LENGTH } from "./limits";
import { LangSchema } from "./lang";
import { MAX_SHORTCUT_LENGTH, SHORTCUT_PATTERN } from "./savedReplyRules";

export { MAX_SAVED_REPLIES } from "./savedReplyRules";

/** What the agent types after `/` to find it: letters, digits, `-` and `_`, stored in lower case. */
export const ShortcutSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: "Enter a shortcut." })
  .max(MAX_SHORTCUT_LENGTH, { error: `Use at most ${MAX_SHORTCUT_LENGTH} characters.` })
  .regex(SHORTCUT_PATTERN, { error: "Use letters, digits, - or _ (no spaces)." });

export const SavedReplyScopeSchema = z.enum(["workspace", "personal"]).openapi("SavedReplyScope");

export const SavedReplySchema = z
  .object({
    id: z.string(),
    scope: SavedReplyScopeSchema,
    shortcut: z.string(),
    body: z.string(),
    /** The language it is written in; null: any conversation. */
    language: LangSchema.nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("SavedReply");
export type SavedReply = z.infer<typeof SavedReplySchema>;
export type SavedReplyScope = z.infer<typeof SavedReplyScopeSchema>;

const BodySchema = z.string().trim().min(1, { error: "Write the reply." }).max(MAX_MESSAGE_LENGTH);

export const CreateSavedReplyBodySchema = z
  .object({
    /** `workspace` is for owners and admins; `personal` is the agent's own. */
    scope: SavedReplyScopeSchema.default("personal"),
    shortcut: ShortcutSchema,
    body: BodySchema,
    language: LangSchema.nullable().default(null),
  })
  .openapi("CreateSavedReplyBody");

export const UpdateSavedReplyBodySchema = z
  .object({ shortcut: ShortcutSchema.optional(), body: BodySchema.optional(), language: LangSchema.nullable().optional() })
  .openapi("UpdateSavedReplyBody");
