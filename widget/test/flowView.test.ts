import { describe, expect, it } from "vitest";
import type { FlowPrompt } from "@raibu/protocol/flow";
import type { ConversationView } from "@raibu/protocol/realtime";
import { conversationView } from "../../client/test/fixtures";
import { activePrompt, composerInput, questionField, requestKinds } from "../src/app/flowView";

const view = (over: Partial<ConversationView> = {}) => conversationView({ flowVersion: 1, ...over });

const buttons: FlowPrompt = { kind: "buttons", stepId: "s1", choices: [{ id: "a", label: "Sales" }] };

describe("request buttons", () => {
  it("follow what the flow offers while the bot talks", () => {
    expect(requestKinds(view({ requestOffer: "live" }))).toEqual(["live"]);
    expect(requestKinds(view({ requestOffer: "video" }))).toEqual(["video"]);
    expect(requestKinds(view({ requestOffer: "both", prompt: buttons }))).toEqual(["live", "video"]);
  });

  it("are not shown when the flow offers nothing here", () => {
    expect(requestKinds(view())).toEqual([]);
    expect(requestKinds(null)).toEqual([]);
  });

  it("a Live chat step the bot waits on adds its own offer, each button drawn once", () => {
    expect(requestKinds(view({ prompt: { kind: "live_chat", stepId: "s2", offer: "video" } }))).toEqual(["video"]);
    expect(requestKinds(view({ requestOffer: "live", prompt: { kind: "live_chat", stepId: "s2", offer: "both" } }))).toEqual(["live", "video"]);
    expect(requestKinds(view({ requestOffer: "live", prompt: { kind: "live_chat", stepId: "s2", offer: "live" } }))).toEqual(["live"]);
  });

  it("disappear once the request is made or a person holds the conversation", () => {
    expect(requestKinds(view({ status: "requested", requestOffer: "both" }))).toEqual([]);
    expect(requestKinds(view({ status: "live", requestOffer: "both" }))).toEqual([]);
  });
});

describe("the bot's prompt", () => {
  it("is only acted on while the bot holds the conversation", () => {
    expect(activePrompt(view({ prompt: buttons }))).toBe(buttons);
    expect(activePrompt(view({ status: "live", prompt: buttons }))).toBeNull();
  });

  it("a server that sends no prompt at all means there is none", () => {
    const { prompt: _, ...older } = view();
    expect(activePrompt(older as ConversationView)).toBeNull();
  });

  it("a question names the field the message box fills", () => {
    expect(questionField(view({ prompt: { kind: "question", stepId: "q", field: "email" } }))).toBe("email");
    expect(questionField(view({ prompt: buttons }))).toBeNull();
    expect(questionField(view({ status: "live", prompt: { kind: "question", stepId: "q", field: "email" } }))).toBeNull();
  });
});

describe("the message box for an answer", () => {
  it("asks for an email in a one-line email input the browser can fill", () => {
    expect(composerInput("email")).toEqual({ multiline: false, type: "email", autocomplete: "email", placeholder: "answerEmail" });
  });

  it("asks for a phone number in a telephone input", () => {
    expect(composerInput("phone")).toEqual({ multiline: false, type: "tel", autocomplete: "tel", placeholder: "answerPhone" });
  });

  it("asks for a name in a one-line input filled from the visitor's name", () => {
    expect(composerInput("name")).toMatchObject({ multiline: false, type: "text", autocomplete: "name", placeholder: "answerName" });
  });

  it("takes a long answer in the multi-line box and a custom one on one line", () => {
    expect(composerInput("text")).toMatchObject({ multiline: true, placeholder: "answerText" });
    expect(composerInput("custom")).toMatchObject({ multiline: false, type: "text", placeholder: "answerText" });
    expect(composerInput("custom").autocomplete).toBeUndefined();
  });

  it("is the plain message box when no question waits, or for a field this build does not know", () => {
    expect(composerInput(null)).toEqual({ multiline: true, type: "text", placeholder: "placeholder" });
    expect(composerInput("birthday" as never)).toEqual(composerInput(null));
  });
});
