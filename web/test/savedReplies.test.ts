// Saved replies in the reply box: the `/` token, the search, and the placeholders.
import { describe, expect, it } from "vitest";
import { fillReply, insertAt, openSavedReplyPicker, registerSavedReplyPicker, searchReplies, slashToken, type SavedReply } from "../src/lib/savedReplies";

const reply = (shortcut: string, body: string, language: SavedReply["language"] = null, scope: SavedReply["scope"] = "workspace"): SavedReply => ({
  id: shortcut,
  scope,
  shortcut,
  body,
  language,
  createdAt: 0,
  updatedAt: 0,
});

describe("the slash token", () => {
  it("a slash at the start or after a space opens a query up to the caret; inside a word or a URL it does not", () => {
    expect(slashToken("/hel", 4)).toEqual({ start: 0, end: 4, query: "hel" });
    expect(slashToken("Sure! /thx", 10)).toEqual({ start: 6, end: 10, query: "thx" });
    expect(slashToken("line\n/", 6)).toEqual({ start: 5, end: 6, query: "" });
    expect(slashToken("and/or", 6)).toBeNull();
    expect(slashToken("see https://a.example/x", 23)).toBeNull();
    expect(slashToken("/hel lo", 7)).toBeNull();
  });

  it("the token runs past the caret to the next space, and the reply replaces all of it", () => {
    const token = slashToken("Hi /hello there", 6)!;
    expect(token).toEqual({ start: 3, end: 9, query: "he" });
    expect(insertAt("Hi /hello there", token, "Welcome!")).toEqual({ text: "Hi Welcome! there", caret: 11 });
  });
});

describe("searching saved replies", () => {
  const replies = [reply("thanks", "Thank you for waiting"), reply("hello-fr", "Bonjour !", "fr"), reply("hello", "Hello!", "en"), reply("delivery", "We deliver in 2 days, thanks")];

  it("shortcuts starting with the query come first, then those containing it, then texts; accents and case are ignored", () => {
    expect(searchReplies(replies, "THA", null).map((r) => r.shortcut)).toEqual(["thanks", "delivery"]);
    expect(searchReplies(replies, "lo", null).map((r) => r.shortcut)).toEqual(["hello", "hello-fr"]);
    expect(searchReplies([reply("cafe", "Un café ?")], "CAFÉ", null).map((r) => r.shortcut)).toEqual(["cafe"]);
  });

  it("replies in the conversation's language or for any language come before the others", () => {
    expect(searchReplies(replies, "hello", "fr").map((r) => r.shortcut)).toEqual(["hello-fr", "hello"]);
    expect(searchReplies(replies, "", "en").map((r) => r.shortcut)).toEqual(["delivery", "hello", "thanks", "hello-fr"]);
  });
});

describe("placeholders", () => {
  it("fills the visitor's name and email and the agent's name", () => {
    expect(fillReply("Hi {visitor.name}, I'm {agent.name}. We'll write to {visitor.email}.", { visitorName: "Léa", visitorEmail: "lea@example.com", agentName: "Sam" })).toBe(
      "Hi Léa, I'm Sam. We'll write to lea@example.com.",
    );
  });

  it("an unknown value takes the written fallback, or goes with its space so the sentence still reads", () => {
    const unknown = { visitorName: null, visitorEmail: " ", agentName: "Sam" };
    expect(fillReply("Hi {visitor.name|there}!", unknown)).toBe("Hi there!");
    expect(fillReply("Hi {visitor.name}, how can I help?", unknown)).toBe("Hi, how can I help?");
    expect(fillReply("Bonjour {visitor.name} !", unknown)).toBe("Bonjour !");
    expect(fillReply("{visitor.name}, thanks", unknown)).toBe("thanks");
    expect(fillReply("Write to {visitor.email} or call", unknown)).toBe("Write to or call");
  });

  it("other braces are left as they are", () => {
    expect(fillReply("Use {code} and {visitor.phone}", { visitorName: "A", visitorEmail: null, agentName: "B" })).toBe("Use {code} and {visitor.phone}");
  });
});

describe("the picker's handle", () => {
  it("opens the registered picker and says false once the box has gone", () => {
    let opened = 0;
    const unregister = registerSavedReplyPicker(() => {
      opened += 1;
      return true;
    });
    expect(openSavedReplyPicker()).toBe(true);
    unregister();
    expect(openSavedReplyPicker()).toBe(false);
    expect(opened).toBe(1);
  });
});
