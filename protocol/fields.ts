// Field schemas both APIs share (the agents' and the widget's).
import { z } from "@hono/zod-openapi";
import { LangSchema } from "./lang";

export const LocaleSchema = LangSchema.openapi("Locale");
export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address." }).max(254));
