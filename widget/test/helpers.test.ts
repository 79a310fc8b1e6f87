import { describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES } from "@raibu/protocol/limits";
import { attachmentProblem } from "../../client/attachments";
import { readableOn } from "../src/app/theme";

describe("widget helpers", () => {
  it("refuses files over 10 MB and types the server refuses, before uploading", () => {
    expect(attachmentProblem({ size: MAX_ATTACHMENT_BYTES + 1, type: "image/png" })).toBe("fileTooLarge");
    expect(attachmentProblem({ size: MAX_ATTACHMENT_BYTES, type: "image/png" })).toBeNull();
    expect(attachmentProblem({ size: 10, type: "application/x-msdownload" })).toBe("fileType");
    expect(attachmentProblem({ size: 10, type: "" })).toBeNull();
  });

  it("puts readable text on any accent colour", () => {
    expect(readableOn("#2563eb")).toBe("#ffffff");
    expect(readableOn("#facc15")).toBe("#111827");
    expect(readableOn("#000000")).toBe("#ffffff");
    expect(readableOn("#ffffff")).toBe("#111827");
  });
});
