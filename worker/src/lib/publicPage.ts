// The shell of the light pages the Worker writes itself for visitors (the reply page /r/…, the
// appointment page /a/…): no script, one inline stylesheet (allowed by the pages' CSP), not indexed.
import type { Lang } from "@raibu/protocol/lang";
import { escapeHtml } from "./emailTemplates";

export function publicPage(lang: Lang, title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
