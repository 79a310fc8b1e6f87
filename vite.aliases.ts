// The names front ends and tests import shared code by (TypeScript reads the same from
// tsconfig.base.json's `paths`): the wire and API schemas are `@raibu/protocol/…`.
import { fileURLToPath } from "node:url";

export const aliases = {
  "@raibu/protocol": fileURLToPath(new URL("./protocol", import.meta.url)),
};
