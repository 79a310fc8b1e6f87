// First run of a deployment, in a file of its own: its D1 starts with no user at all.
import { describe, expect, it } from "vitest";
import { Client } from "./helpers";

const body = (email: string) => ({ setupToken: "test-setup-token", workspaceName: "Acme", name: "Ola Owner", email, password: "long enough password" });

describe("first-owner setup on a fresh deployment", () => {
  it("of two setups racing on an empty database, exactly one creates the owner and the other is told it is done", async () => {
    const [a, b] = await Promise.all([new Client().post("/api/setup", body("first@example.test")), new Client().post("/api/setup", body("second@example.test"))]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const winner = a.status === 201 ? a : b;
    const loser = a.status === 201 ? b : a;
    expect(winner.json).toMatchObject({ role: "owner" });
    expect(loser.json.error.code).toBe("already_set_up");

    const later = await new Client().post("/api/setup", body("third@example.test"));
    expect(later.status).toBe(409);
    expect(later.json.error.code).toBe("already_set_up");
  });
});
