// Every API router is built here so that all of them validate the same way.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppBindings } from "../env";
import { badRequest, describeIssues } from "./errors";

export function createRouter() {
  return new OpenAPIHono<AppBindings>({
    defaultHook: (result) => {
      if (!result.success) throw badRequest(describeIssues(result.error.issues));
    },
  });
}

export const cookieAuth = [{ cookieAuth: [] }];
