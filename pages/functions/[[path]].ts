// Every path _routes.json sends to the function (pages/src/forward.ts says which and why).
import { handle, type PagesEnv } from "../src/forward";

export const onRequest: PagesFunction<PagesEnv> = (context) => handle(context.request, context.env);
