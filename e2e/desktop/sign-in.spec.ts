/**
 * The desktop app's sign-in, end to end: the real renderer and the real core (served by the desktop
 * test host, this project's baseURL) signing in to the real web server at E2E_WEB_URL.
 */
import type { APIRequestContext } from "@playwright/test";
import { expect, test, webUrl, type TestAccount } from "../accounts.ts";

const serverUrl = webUrl();
const wrongPassword = "not-the-right-password";

/** Asks the server directly, so the test checks the app shows the server's own words. */
async function serverMessageForWrongPassword(request: APIRequestContext, user: TestAccount): Promise<string> {
  const response = await request.post(`${serverUrl}/api/v1/sessions`, {
    data: { email: user.email, password: wrongPassword },
  });
  expect(response.status()).toBe(401);
  const body = (await response.json()) as { error: { message: string } };
  return body.error.message;
}

test("signs in to the web server with a new account, then signs out", async ({ page, request, user }) => {
  const wrongPasswordMessage = await serverMessageForWrongPassword(request, user);

  await page.goto("/");
  const signInHeading = page.getByRole("heading", { name: "Sign in" });
  await expect(signInHeading).toBeVisible();
  // A fresh app suggests a local server; after an earlier test it offers the server that test used.
  const remembered = await page.evaluate(async () => {
    const bridge = (globalThis as unknown as { spikeLand: { invoke(channel: string): Promise<{ ok: boolean; data?: { serverUrl: string | null } }> } }).spikeLand;
    return (await bridge.invoke("session:get")).data?.serverUrl ?? null;
  });
  await expect(page.getByLabel("Server address")).toHaveValue(remembered ?? "http://localhost:3000");

  await page.getByLabel("Server address").fill(serverUrl);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(wrongPassword);
  await page.getByRole("button", { name: "Sign in" }).click();

  const alert = page.getByRole("alert");
  await expect(alert).toContainText(wrongPasswordMessage);
  await expect(signInHeading).toBeVisible();

  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByText(user.name, { exact: true })).toBeVisible();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  await expect(page.getByText(/^\d[\d,]* tokens?$/)).toBeVisible();
  await expect(alert).toHaveCount(0);

  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByRole("button", { name: "Refresh" })).toBeEnabled();
  await expect(alert).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(signInHeading).toBeVisible();
  // The app remembers the server it last used, so signing in again is one step shorter.
  await expect(page.getByLabel("Server address")).toHaveValue(serverUrl);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
});
