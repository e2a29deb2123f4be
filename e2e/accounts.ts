/**
 * Fresh accounts for the browser tests, so no test depends on (or changes) another's data. A user
 * signs up and confirms their email through the app itself, as a person would; an admin is such a
 * user whose role is then set in the database, the way an operator promotes the first admin.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test as base } from "@playwright/test";
import pg from "pg";

export type TestAccount = { name: string; email: string; password: string };
type Role = "USER" | "ADMIN" | "SUPER_ADMIN";

const PASSWORD = "a long test password";

export function webUrl(): string {
  const url = process.env.E2E_WEB_URL;
  if (!url) throw new Error("E2E_WEB_URL is not set; run the browser tests through playwright.config.ts.");
  return url.replace(/\/+$/, "");
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/**
 * A made-up address in TEST-NET-3 for one sign-up. The app limits sign-ups per address, and every
 * browser here shares one, so each account arrives "from its own network" (the server trusts
 * X-Forwarded-For in these tests). Tests that need a particular address use 198.51.100.0/24.
 */
function signUpAddress(): string {
  return `203.0.113.${1 + Math.floor(Math.random() * 254)}`;
}

/** The link in the newest confirmation email to `email`, read from the development mailbox. */
async function confirmationLink(api: Awaited<ReturnType<typeof playwrightRequest.newContext>>, email: string): Promise<string> {
  const list = await (await api.get("/dev/mailbox")).text();
  // Each message is an <li> with a link to it; the newest comes first.
  const item = list.split("<li").find((chunk) => chunk.includes(email));
  const id = item?.match(/href="\/dev\/mailbox\/([^"]+)"/)?.[1];
  if (!id) throw new Error(`No email to ${email} in the development mailbox.`);
  const message = await (await api.get(`/dev/mailbox/${id}`)).text();
  const token = message.match(/verify-email\?token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`The newest email to ${email} has no confirmation link.`);
  return `/verify-email?token=${token}`;
}

/** Signs a new account up through the app and confirms its email; it is ready to sign in with. */
export async function signUpConfirmed(name: string, prefix: string): Promise<TestAccount> {
  const account = { name, email: uniqueEmail(prefix), password: PASSWORD };
  const api = await playwrightRequest.newContext({ baseURL: webUrl(), extraHTTPHeaders: { "X-Forwarded-For": signUpAddress() } });
  try {
    const signedUp = await api.post("/signup", { form: account });
    expect(new URL(signedUp.url()).pathname, `sign-up of ${account.email} answered ${signedUp.status()}`).toBe("/verify-email");
    const confirmed = await api.get(await confirmationLink(api, account.email));
    expect(confirmed.url(), `confirming ${account.email}`).toContain("notice=verified");
  } finally {
    await api.dispose();
  }
  return account;
}

/** The embedded database of the server under test (its port is in PostgreSQL's own lock file). */
function databaseUrl(): string {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is not set; run the browser tests through playwright.config.ts.");
  const port = readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3]?.trim();
  return `postgresql://spike:spike-local@127.0.0.1:${port}/spike_land`;
}

export async function setRole(email: string, role: Role): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rowCount } = await client.query(`UPDATE "users" SET "role" = $1::"UserRole" WHERE "email" = $2`, [role, email]);
    if (rowCount !== 1) throw new Error(`No account ${email} to make ${role}.`);
  } finally {
    await client.end();
  }
}

/**
 * `user`: a confirmed USER made for this test. `admin`: a confirmed SUPER_ADMIN made for this test
 * (the highest role, so every admin page and action is open to it). Each is made only when a test asks.
 * Every test also fails if its page threw an uncaught error: a broken script (a failed hydration,
 * say) breaks pages for people even when the step a test checks still works.
 */
export const test = base.extend<{ user: TestAccount; admin: TestAccount; uncaughtErrors: string[] }>({
  uncaughtErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => {
        // The browser's note that a resize observer's callback changed the layout again; nothing breaks.
        if (error.message.startsWith("ResizeObserver loop")) return;
        errors.push(`${page.url()}: ${error.message}`);
      });
      await use(errors);
      expect(errors, "uncaught errors in the page").toEqual([]);
    },
    { auto: true },
  ],
  user: async ({}, use) => {
    await use(await signUpConfirmed("Test User", "user"));
  },
  admin: async ({}, use) => {
    const admin = await signUpConfirmed("Test Admin", "admin");
    await setRole(admin.email, "SUPER_ADMIN");
    await use(admin);
  },
});

export { expect };
