// One context helper for the console's shared stores: the provider hands its value down, and the
// hook refuses to run where no provider is above it.
import { createComponent, createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createProvider } from "../src/lib/createProvider";

describe("createProvider", () => {
  it("a hook under its provider gets the provided value", () => {
    const [CountProvider, useCount] = createProvider<{ count: number }>("Count");
    const seen = createRoot((dispose) => {
      let value: { count: number } | undefined;
      createComponent(CountProvider, {
        value: { count: 3 },
        get children() {
          value = useCount();
          return null;
        },
      });
      dispose();
      return value;
    });
    expect(seen).toEqual({ count: 3 });
  });

  it("a hook with no provider above throws an error naming the provider", () => {
    const [, useCount] = createProvider<{ count: number }>("Count");
    expect(() => createRoot(() => useCount())).toThrow("useCount is called outside <CountProvider>.");
  });
});
