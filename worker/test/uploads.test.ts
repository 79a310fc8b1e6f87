// Uploads: what is stored comes from the server's reading of the bytes, and files never sent
// are deleted by the cron a day later.
import { createScheduledController } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { nameForType } from "../src/lib/attachments";
import { createInterface, createWorkspace, visitorSession } from "./helpers";

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="), (c) => c.charCodeAt(0));
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

async function session() {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id);
  return { ws, ...(await visitorSession(iface.id)) };
}

async function upload(s: { visitorToken: string; conversationId: string }, file: File) {
  const form = new FormData();
  form.append("file", file);
  const res = await exports.default.fetch(`http://localhost/api/widget/attachments?conversation=${s.conversationId}`, {
    method: "POST",
    headers: { Origin: "http://localhost", Authorization: `Bearer ${s.visitorToken}`, "CF-Connecting-IP": crypto.randomUUID() },
    body: form,
  });
  return { status: res.status, json: (await res.json()) as any };
}

const uploadRow = (key: string) => env.DB.prepare("SELECT * FROM uploads WHERE key = ?").bind(key).first<Record<string, unknown>>();

describe("what an upload stores", () => {
  it("a PNG declared as a JPEG is stored as image/png, named .png, with the stored size", async () => {
    const s = await session();
    const res = await upload(s, new File([PNG], "holiday.jpg", { type: "image/jpeg" }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "holiday.png", type: "image/png", size: PNG.length });
    const object = await env.ATTACHMENTS.head(res.json.key);
    expect(object?.httpMetadata?.contentType).toBe("image/png");
    expect(object?.customMetadata?.name).toBe("holiday.png");
    expect(object?.size).toBe(PNG.length);
  });

  it("a file the browser could not type is typed by its bytes: a PDF, then plain text", async () => {
    const s = await session();
    const pdf = await upload(s, new File([PDF], "invoice", { type: "" }));
    expect(pdf.json).toMatchObject({ name: "invoice.pdf", type: "application/pdf" });
    const text = await upload(s, new File(["order 42: two bikes"], "notes.exe", { type: "application/octet-stream" }));
    expect(text.json).toMatchObject({ name: "notes.txt", type: "text/plain" });
    expect((await env.ATTACHMENTS.head(text.json.key))?.httpMetadata?.contentType).toBe("text/plain");
  });

  it("an executable under any declared name or type is refused", async () => {
    const s = await session();
    const exe = new Uint8Array(256);
    exe.set([0x4d, 0x5a, 0x90, 0x00]);
    expect((await upload(s, new File([exe], "setup.pdf", { type: "application/pdf" }))).json.error.code).toBe("type_mismatch");
    expect((await upload(s, new File([exe], "setup.exe", { type: "" }))).status).toBe(415);
  });

  it("each upload writes an uploads row for its workspace and conversation, not yet sent", async () => {
    const s = await session();
    const res = await upload(s, new File([PNG], "a.png", { type: "image/png" }));
    expect(await uploadRow(res.json.key)).toMatchObject({ workspace_id: s.ws.id, conversation_id: s.conversationId, sent_at: null });
  });
});

describe("file names follow the detected type", () => {
  it.each([
    ["photo.jpeg", "image/jpeg", "photo.jpeg"],
    ["photo.JPG", "image/jpeg", "photo.jpg"],
    ["photo.png", "image/jpeg", "photo.jpg"],
    ["photo", "image/gif", "photo.gif"],
    ["report.final.pdf.exe", "application/pdf", "report.final.pdf.pdf"],
    ["data.csv", "text/csv", "data.csv"],
    ["../../etc/passwd", "text/plain", ".._.._etc_passwd.txt"],
    [".png", "image/png", ".png.png"],
    ["", "application/zip", "file.zip"],
  ] as const)("%s as %s is named %s", (name, type, expected) => {
    expect(nameForType(name, type)).toBe(expected);
  });

  it("a very long name keeps its extension within 255 characters", () => {
    const name = nameForType(`${"a".repeat(400)}.exe`, "application/pdf");
    expect(name).toHaveLength(255);
    expect(name.endsWith(".pdf")).toBe(true);
  });
});

describe("the hourly cron", () => {
  it("deletes uploads never sent after a day, object and row, and keeps recent and sent ones", async () => {
    const s = await session();
    const keys = [];
    for (const name of ["old.png", "recent.png", "sent.png"]) keys.push((await upload(s, new File([PNG], name, { type: "image/png" }))).json.key as string);
    const [old, recent, sent] = keys as [string, string, string];
    const dayAndAHourAgo = Date.now() - 25 * 60 * 60 * 1000;
    await env.DB.prepare("UPDATE uploads SET created_at = ? WHERE key IN (?, ?)").bind(dayAndAHourAgo, old, sent).run();
    await env.DB.prepare("UPDATE uploads SET sent_at = ? WHERE key = ?").bind(Date.now(), sent).run();

    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 * * * *" }), env);

    expect(await env.ATTACHMENTS.head(old)).toBeNull();
    expect(await uploadRow(old)).toBeNull();
    for (const key of [recent, sent]) {
      expect(await env.ATTACHMENTS.head(key)).not.toBeNull();
      expect(await uploadRow(key)).not.toBeNull();
    }
  });
});
