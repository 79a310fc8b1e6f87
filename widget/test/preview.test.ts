import { describe, expect, it } from "vitest";
import { isPreviewMessage, previewLook } from "../src/app/preview";
import { previewItems, previewText } from "../src/app/previewSample";
import { DEFAULT_APPEARANCE } from "../src/app/theme";

const appearance = { color: "#16a34a", title: "Help", welcome: "Hi!", launcherLabel: "Chat", position: "left" as const, showAgentAvatar: false };

describe("the console's preview", () => {
  it("recognises only tagged preview messages that carry an appearance", () => {
    expect(isPreviewMessage({ raibu: 1, type: "preview", appearance })).toBe(true);
    expect(isPreviewMessage({ raibu: 1, type: "preview" })).toBe(false);
    expect(isPreviewMessage({ raibu: 1, type: "open" })).toBe(false);
    expect(isPreviewMessage({ type: "preview", appearance })).toBe(false);
    expect(isPreviewMessage(null)).toBe(false);
  });

  it("applies the posted look and language, ignoring a language the widget does not speak", () => {
    expect(previewLook({ raibu: 1, type: "preview", appearance, language: "fr" })).toEqual({ appearance, language: "fr" });
    expect(previewLook({ raibu: 1, type: "preview", appearance, language: "de" as never }).language).toBeNull();
    expect(previewLook({ raibu: 1, type: "preview", appearance }).language).toBeNull();
  });

  it("fills the look's missing fields with the defaults", () => {
    const partial = { raibu: 1 as const, type: "preview" as const, appearance: { color: "#000000" } as never };
    expect(previewLook(partial).appearance).toEqual({ ...DEFAULT_APPEARANCE, color: "#000000" });
  });

  it("shows a visitor's question and a named agent's reply in the interface's language", () => {
    const english = previewItems("en", 10_000_000);
    expect(english.map((item) => [item.author.kind, item.author.name, item.state])).toEqual([
      ["visitor", null, "sent"],
      ["agent", "Alex", "sent"],
    ]);
    expect(english[0].createdAt).toBeLessThan(english[1].createdAt);
    const french = previewItems("fr", 10_000_000);
    expect(french[1].author.name).toBe("Camille");
    expect(french[1].text).not.toBe(english[1].text);
  });

  it("greets in the interface's language, in the sample's chunk rather than the widget's first load", () => {
    expect(previewText("en").greeting).toBe("Hello! How can we help you today?");
    expect(previewText("fr").greeting).toBe("Bonjour\u202f! Comment pouvons-nous vous aider\u202f?");
  });
});
