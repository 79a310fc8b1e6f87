// Which file a paste means: a picture alone is attached; a picture beside text is the text's.
import { describe, expect, it } from "vitest";
import { pastedFile } from "../attachments";

const clipboard = (text: string, files: File[]) => ({ getData: (type: string) => (type === "text/plain" ? text : ""), files: files as unknown as FileList });

describe("pasted files", () => {
  it("a paste of only a picture gives the picture; a paste with text (a copy from Word) gives none, so the text is pasted", () => {
    const shot = new File([new Uint8Array([1, 2, 3])], "image.png", { type: "image/png" });
    expect(pastedFile(clipboard("", [shot]))).toBe(shot);
    expect(pastedFile(clipboard("Quarterly figures", [shot]))).toBeUndefined();
    expect(pastedFile(clipboard("just text", []))).toBeUndefined();
    expect(pastedFile(null)).toBeUndefined();
  });
});
