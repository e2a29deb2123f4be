/** GET /healthz answers "ok" while the database answers, and is never cached. */
import { describe, expect, it } from "vitest";
import { loader } from "./healthz.tsx";

describe("GET /healthz", () => {
  it("answers 200 ok, uncached, with the database reachable", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toBe("ok");
  });
});
