// The erasure's steps outside D1 failing (R2, the delivery queue), called straight with an
// environment whose binding refuses: what the erasure says, that D1 is left whole, and that the
// next run finishes it, counting the whole and telling integrations once.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { eraseContact } from "../src/contacts/erase";
import type { Env } from "../src/env";
import { d1Holding, needles, personEverywhere, scalar } from "./contactsEraseFixtures";
import { hookEnv, interceptHooks, ok } from "./webhookFixtures";

beforeAll(() => void interceptHooks(ok));

const request = (s: Awaited<ReturnType<typeof personEverywhere>>) => ({ workspaceId: s.ws.id, contactId: s.contactId, actorId: s.admin.user.id, appOrigin: "http://localhost" });

describe("a step outside D1 that fails", () => {
  it("R2 refusing to list a conversation's files: the erasure names the files step and that conversation, D1 keeps the contact, and the next run deletes the files only a listing finds and counts every file", async () => {
    const s = await personEverywhere();
    // A file R2 holds under A's conversation with no `uploads` row (stored before rows were kept):
    // only listing finds it.
    const unrecorded = `${s.ws.id}/${s.visitors.a.conversationId}/${crypto.randomUUID()}`;
    await env.ATTACHMENTS.put(unrecorded, `${s.person.name}'s passport`);
    // Listing A's conversation fails; everything else works.
    const bucket = env.ATTACHMENTS;
    const refusing = {
      list: async (options: R2ListOptions) => {
        if (options.prefix?.includes(s.visitors.a.conversationId)) throw new Error("R2 unavailable");
        return bucket.list(options);
      },
      delete: (keys: string[]) => bucket.delete(keys),
    } as unknown as R2Bucket;
    const failed = await eraseContact({ ...env, ATTACHMENTS: refusing } as Env, request(s));
    expect(failed).toEqual({ ok: false, failed: [{ step: "files", id: s.visitors.a.conversationId }] });
    expect(await scalar(`SELECT count(*) AS n FROM contacts WHERE id = ?`, s.contactId)).toBe(1);
    expect(await env.ATTACHMENTS.head(unrecorded)).not.toBeNull();

    const finished = await eraseContact(env as Env, request(s));
    expect(finished).toMatchObject({ ok: true, report: { contactId: s.contactId, erased: { files: 2, contacts: 1 } } });
    expect(await env.ATTACHMENTS.head(unrecorded)).toBeNull();
    expect(await env.ATTACHMENTS.head(s.fileKey)).toBeNull();
    expect(await d1Holding(needles(s.person))).toEqual([]);
  });

  it("the delivery queue refusing: the erasure names the webhooks step, D1 keeps the contact, and the next run queues contact.deleted once", async () => {
    const s = await personEverywhere();
    const refusing = hookEnv({
      DELIVERY_QUEUE: {
        send: async () => {
          throw new Error("queue unavailable");
        },
        sendBatch: async () => {
          throw new Error("queue unavailable");
        },
      } as never,
    });
    expect(await eraseContact(refusing.env, request(s))).toEqual({ ok: false, failed: [{ step: "webhooks" }] });
    expect(await scalar(`SELECT count(*) AS n FROM contacts WHERE id = ?`, s.contactId)).toBe(1);

    const working = hookEnv();
    expect(await eraseContact(working.env, request(s))).toMatchObject({ ok: true });
    const rows = await env.DB.prepare(`SELECT id FROM deliveries WHERE event_id = ?`).bind(`erased-${s.contactId}`).all<{ id: string }>();
    expect(rows.results).toHaveLength(1);
    expect(working.queued).toEqual([{ deliveryId: rows.results[0]!.id }]);
  });
});
