// Links in messages (and outbox emails) become clickable while everything else stays plain text;
// links from the server are followed only when they are http(s) or blob:.
import { describe, expect, it } from "vitest";
import { linkedNodes, safeUrl, splitLinks } from "../links";

describe("splitLinks", () => {
  it("keeps text without links as one text part", () => {
    expect(splitLinks("Hello, no links here.")).toEqual([{ kind: "text", text: "Hello, no links here." }]);
  });

  it("cuts an invitation email around its link", () => {
    const text = "Join the team:\nhttp://localhost:8790/app/invite/abc_DEF-123\n\nThe link expires in 7 days.";
    expect(splitLinks(text)).toEqual([
      { kind: "text", text: "Join the team:\n" },
      { kind: "link", text: "http://localhost:8790/app/invite/abc_DEF-123", href: "http://localhost:8790/app/invite/abc_DEF-123" },
      { kind: "text", text: "\n\nThe link expires in 7 days." },
    ]);
  });

  it("leaves sentence punctuation after a link outside it", () => {
    const parts = splitLinks("Open https://raibu.example/app/reset/tok. Or (https://raibu.example/help), thanks!");
    expect(parts.filter((p) => p.kind === "link").map((p) => p.text)).toEqual(["https://raibu.example/app/reset/tok", "https://raibu.example/help"]);
    expect(parts.map((p) => p.text).join("")).toBe("Open https://raibu.example/app/reset/tok. Or (https://raibu.example/help), thanks!");
  });

  it("keeps a closing parenthesis that belongs to the address", () => {
    const parts = splitLinks("See https://en.wikipedia.org/wiki/Raibu_(app) now");
    expect(parts[1]).toEqual({ kind: "link", text: "https://en.wikipedia.org/wiki/Raibu_(app)", href: "https://en.wikipedia.org/wiki/Raibu_(app)" });
  });

  it("finds several links and never treats other schemes as links", () => {
    const parts = splitLinks("a https://x.example/1 b http://y.example/2 javascript:alert(1) mailto:a@b.c");
    expect(parts.filter((p) => p.kind === "link").map((p) => p.text)).toEqual(["https://x.example/1", "http://y.example/2"]);
    expect(parts.at(-1)).toEqual({ kind: "text", text: " javascript:alert(1) mailto:a@b.c" });
  });

  it("does not let markup become a link's text or target", () => {
    const parts = splitLinks('<a href="https://evil.example/x">click</a>');
    expect(parts).toContainEqual({ kind: "link", text: "https://evil.example/x", href: "https://evil.example/x" });
    expect(parts.map((p) => p.text).join("")).toBe('<a href="https://evil.example/x">click</a>');
  });
});

/** Records what the helper builds; any use of innerHTML throws. */
function recordingDocument() {
  const made: string[] = [];
  const doc = {
    createTextNode: (text: string) => ({ kind: "text", text }),
    createElement(tag: string) {
      made.push(tag);
      const element = {
        kind: "element",
        tag,
        attributes: {} as Record<string, string>,
        textContent: "",
        setAttribute(name: string, value: string) {
          element.attributes[name] = value;
        },
      };
      Object.defineProperty(element, "innerHTML", {
        set() {
          throw new Error("innerHTML must never be used");
        },
      });
      return element;
    },
  };
  return { doc: doc as unknown as Pick<Document, "createTextNode" | "createElement">, made };
}

describe("linkedNodes", () => {
  it("renders an address as a link that opens in a new tab with rel noopener noreferrer, and the rest as text nodes", () => {
    const { doc } = recordingDocument();
    const nodes = linkedNodes("Our prices: https://shop.example/prices. Thanks!", doc) as unknown[];
    expect(nodes).toEqual([
      { kind: "text", text: "Our prices: " },
      expect.objectContaining({
        tag: "a",
        textContent: "https://shop.example/prices",
        attributes: { href: "https://shop.example/prices", target: "_blank", rel: "noopener noreferrer" },
      }),
      { kind: "text", text: ". Thanks!" },
    ]);
  });

  it("keeps markup in a message as text: the only elements made are links to http(s) addresses", () => {
    const { doc, made } = recordingDocument();
    const nodes = linkedNodes('<img src=x onerror="alert(1)"> <a href="javascript:alert(1)">x</a>', doc) as unknown[];
    expect(made).toEqual([]);
    expect(nodes).toEqual([{ kind: "text", text: '<img src=x onerror="alert(1)"> <a href="javascript:alert(1)">x</a>' }]);
  });
});

describe("safeUrl", () => {
  // Moved from the console's and the widget's tests when both started using this one function.
  it("follows only http(s) and blob: links", () => {
    expect(safeUrl("https://x.test/api/files/k?t=1", "http://localhost/")).toBe("https://x.test/api/files/k?t=1");
    expect(safeUrl("javascript:alert(1)", "http://localhost/")).toBeUndefined();
    expect(safeUrl("", "http://localhost/")).toBeUndefined();
  });

  it("only opens http(s) and blob: links", () => {
    const base = "https://chat.example/widget/";
    expect(safeUrl("/api/files/k?exp=1&sig=2", base)).toBe("https://chat.example/api/files/k?exp=1&sig=2");
    expect(safeUrl("blob:https://chat.example/123", base)).toBe("blob:https://chat.example/123");
    expect(safeUrl("javascript:alert(1)", base)).toBeUndefined();
    expect(safeUrl("data:text/html,hi", base)).toBeUndefined();
    expect(safeUrl("", base)).toBeUndefined();
  });
});
