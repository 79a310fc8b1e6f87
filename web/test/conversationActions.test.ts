// Who may close or transfer, as the server decides, and the words for a lost race: the winner's
// name comes from the error's `assignee` field in the agent's language, never from the message.
import { describe, expect, it } from "vitest";
import { apiErrorFrom } from "../../client/apiError";
import { actionErrorText, assignOffer, followSituation, mayHandle, shownRefusal, situationOf } from "../src/lib/conversationActions";
import { translate } from "../src/lib/i18n";

const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate("en", key, params);
const fr = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate("fr", key, params);

describe("close and transfer", () => {
  const alex = { id: "u-alex", role: "agent" as const };
  const camille = { id: "u-camille", name: "Camille" };

  it("are offered to anyone while nobody is assigned", () => {
    expect(mayHandle({ status: "bot", assignee: null }, alex)).toBe(true);
    expect(mayHandle({ status: "requested", assignee: null }, alex)).toBe(true);
  });

  it("are offered to the assignee, to an admin and to the owner, and not to another agent", () => {
    expect(mayHandle({ status: "live", assignee: camille }, { id: "u-camille", role: "agent" })).toBe(true);
    expect(mayHandle({ status: "live", assignee: camille }, alex)).toBe(false);
    expect(mayHandle({ status: "live", assignee: camille }, { id: "u-admin", role: "admin" })).toBe(true);
    expect(mayHandle({ status: "live", assignee: camille }, { id: "u-owner", role: "owner" })).toBe(true);
  });

  it("are not offered on a closed conversation", () => {
    expect(mayHandle({ status: "closed", assignee: null }, { id: "u-owner", role: "owner" })).toBe(false);
  });
});

describe("a lost race", () => {
  it("names the winner from the error's assignee field, in the agent's language", () => {
    const err = apiErrorFrom(409, { error: { code: "already_taken", message: "Something else entirely.", assignee: { id: "u2", name: "Camille Durand" } } });
    expect(actionErrorText(err, en)).toBe("Camille Durand already took this conversation.");
    expect(actionErrorText(err, fr)).toBe("Camille Durand a déjà pris cette conversation.");
  });

  it("never reads a name out of the English message", () => {
    const err = apiErrorFrom(409, { error: { code: "already_taken", message: "Mallory already took this conversation." } });
    expect(actionErrorText(err, en)).not.toContain("Mallory");
    expect(actionErrorText(err, fr)).toBe("Un collègue a déjà pris cette conversation.");
  });
});

describe("API errors", () => {
  it("keep the error's other fields as facts", () => {
    const err = apiErrorFrom(409, { error: { code: "already_taken", message: "…", assignee: { id: "u2", name: "Camille" } } });
    expect(err.facts).toEqual({ assignee: { id: "u2", name: "Camille" } });
  });

  it("read how long to wait from Retry-After (seconds or a date), else from a retryAfterMs field", () => {
    expect(apiErrorFrom(429, { error: { code: "rate_limited", message: "…" } }, "7").retryAfterMs).toBe(7000);
    expect(apiErrorFrom(429, { error: { code: "rate_limited", message: "…", retryAfterMs: 1500 } }).retryAfterMs).toBe(1500);
    const at = new Date(Date.now() + 60_000).toUTCString();
    expect(apiErrorFrom(429, null, at).retryAfterMs).toBeGreaterThan(55_000);
    expect(apiErrorFrom(429, null).retryAfterMs).toBeNull();
    expect(apiErrorFrom(429, null).code).toBe("http_429");
  });
});

describe("« Assign to me »", () => {
  const alex = { id: "u-alex", role: "agent" as const };
  const camille = { id: "u-camille", name: "Camille" };

  it("is offered while nobody has the conversation, a pending request included", () => {
    expect(assignOffer({ status: "bot", assignee: null }, alex)).toBe("assign");
    expect(assignOffer({ status: "requested", assignee: null }, alex)).toBe("assign");
  });

  it("is not offered to an agent on a colleague's conversation, where it could only be refused", () => {
    expect(assignOffer({ status: "live", assignee: camille }, alex)).toBeNull();
  });

  it("becomes a take-over for an admin or the owner on a colleague's conversation", () => {
    expect(assignOffer({ status: "live", assignee: camille }, { id: "u-admin", role: "admin" })).toBe("takeOver");
    expect(assignOffer({ status: "live", assignee: camille }, { id: "u-owner", role: "owner" })).toBe("takeOver");
  });

  it("is not offered on my own or a closed conversation", () => {
    expect(assignOffer({ status: "live", assignee: camille }, { id: "u-camille", role: "agent" })).toBeNull();
    expect(assignOffer({ status: "closed", assignee: null }, { id: "u-owner", role: "owner" })).toBeNull();
  });
});

describe("a refusal's message once the situation changes", () => {
  const lost = apiErrorFrom(409, { error: { code: "already_taken", message: "", assignee: { id: "u-camille", name: "Camille" } } });
  const free = situationOf({ status: "requested", assignee: null });
  const camilles = situationOf({ status: "live", assignee: { id: "u-camille", name: "Camille" } });

  it("a lost race stays while the screen catches up with the winner, and while the winner holds it", () => {
    let shown = shownRefusal(lost, en, free);
    expect(shown.text).toBe("Camille already took this conversation.");
    shown = followSituation(shown, free)!;
    expect(shown).not.toBeNull();
    shown = followSituation(shown, camilles)!;
    expect(shown).not.toBeNull();
    expect(followSituation(shown, camilles)).not.toBeNull();
  });

  it("a lost race is cleared once the winner closes it, hands it on, or it is free", () => {
    const shown = followSituation(shownRefusal(lost, en, free), camilles)!;
    expect(followSituation(shown, situationOf({ status: "closed", assignee: { id: "u-camille", name: "Camille" } }))).toBeNull();
    expect(followSituation(shown, situationOf({ status: "live", assignee: { id: "u-dana", name: "Dana" } }))).toBeNull();
    expect(followSituation(shown, free)).toBeNull();
  });

  it("any other refusal is cleared once the conversation changes hands", () => {
    const shown = shownRefusal(apiErrorFrom(409, { error: { code: "no_request", message: "" } }), en, free);
    expect(followSituation(shown, free)).not.toBeNull();
    expect(followSituation(shown, camilles)).toBeNull();
  });
});
