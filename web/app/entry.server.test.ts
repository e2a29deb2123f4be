import { expect, it } from "vitest";
import { prisma } from "./.server/platform/db.server.ts";
import { handleError } from "./entry.server.tsx";

it("records unexpected server errors in the error log with their route", async () => {
  const request = new Request("http://localhost:3999/account?tab=1");
  handleError(new TypeError("Cannot read properties of undefined"), { request, params: {}, context: {} });
  await expect.poll(() => prisma.errorLog.count({ where: { environment: "BACKEND" } })).toBe(1);
  const logged = await prisma.errorLog.findFirstOrThrow({ where: { environment: "BACKEND" } });
  expect(logged).toMatchObject({ message: "Cannot read properties of undefined", errorType: "TypeError", route: "/account" });
  expect(logged.stack).toContain("entry.server.test.ts");
});

it("ignores requests the browser already abandoned", async () => {
  const controller = new AbortController();
  controller.abort();
  handleError(new Error("aborted"), { request: new Request("http://localhost:3999/", { signal: controller.signal }), params: {}, context: {} });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await prisma.errorLog.count({ where: { message: "aborted" } })).toBe(0);
});
