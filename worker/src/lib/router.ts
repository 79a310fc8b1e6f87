// Every API router is built here so that all of them validate the same way.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppBindings } from "../env";
import { ApiError, badRequest, describeIssues } from "./errors";

export function createRouter() {
  return new OpenAPIHono<AppBindings>({
    defaultHook: (result) => {
      if (result.success) return;
      // A schema may name its own error code and facts (a custom issue's params), as the
      // allowed origins do for `origin_too_broad`.
      const coded = result.error.issues.find((issue) => issue.code === "custom" && typeof issue.params?.code === "string");
      if (coded?.code === "custom") throw new ApiError(400, coded.params!.code, describeIssues([coded]), coded.params!.facts ?? {});
      throw badRequest(describeIssues(result.error.issues));
    },
  });
}

export const cookieAuth = [{ cookieAuth: [] }];
