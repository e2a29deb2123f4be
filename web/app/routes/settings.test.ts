import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { getRequestSession } from "../.server/auth/sessions.server.ts";
import { signInWithPassword } from "../.server/accounts/flows.server.ts";
import { action, loader } from "./settings.tsx";
import { loader as avatarLoader } from "./avatars.$file.tsx";
import { cookieAttributes, formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, PASSWORD, signIn, uniqueIp } from "../../test/fixtures.ts";

const getObject = async (key: string) => (await objectStorage().get(key))?.body ?? null;

async function pngBytes(width = 320, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .png()
    .toBuffer();
}

function profileForm(name: string, avatar?: { bytes: Buffer; filename: string; type: string }): FormData {
  const form = new FormData();
  form.set("intent", "profile");
  form.set("name", name);
  if (avatar) form.set("avatar", new File([new Uint8Array(avatar.bytes)], avatar.filename, { type: avatar.type }));
  return form;
}

async function submit(cookie: string, fields: Record<string, string> | FormData) {
  return run(() => action(routeArgs(formRequest("/settings", fields, { cookie }))));
}

async function fetchAvatar(image: string) {
  return run(() => avatarLoader(routeArgs(getRequest(image), { file: image.replace("/avatars/", "") })));
}

describe("the settings page", () => {
  it("needs a signed-in browser", async () => {
    const page = await run(() => loader(routeArgs(getRequest("/settings"))));
    expect(page.location).toBe("/login?redirectTo=%2Fsettings");
    const post = await run(() => action(routeArgs(formRequest("/settings", { intent: "profile", name: "Nobody" }))));
    expect(post.location).toBe("/login?redirectTo=%2Fsettings");
  });

  it("shows the profile and whether the account has a password", async () => {
    const user = await makeUser({ name: "Shown Name" });
    const { cookie } = await signIn(user.id);
    const page = await run(() => loader(routeArgs(getRequest("/settings", { cookie }))));
    expect(page.body.user).toEqual({ name: "Shown Name", email: user.email, image: null, hasPassword: true });
  });
});

describe("updating the profile", () => {
  it("changes the name", async () => {
    const user = await makeUser({ name: "Old Name" });
    const { cookie } = await signIn(user.id);
    const result = await submit(cookie, { intent: "profile", name: "  New Name  " });
    expect(result).toMatchObject({ status: 200, message: "Your profile is saved.", body: { intent: "profile" } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("New Name");
  });

  it("refuses an empty name and keeps the old one", async () => {
    const user = await makeUser({ name: "Kept Name" });
    const { cookie } = await signIn(user.id);
    const result = await submit(cookie, { intent: "profile", name: "   " });
    expect(result.status).toBe(400);
    expect(result.fieldErrors.name).toEqual(["Enter your name"]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Kept Name");
  });

  it("stores an uploaded PNG as a 256 px WebP avatar served from /avatars/", async () => {
    const user = await makeUser({ name: "Picture Person" });
    const { cookie } = await signIn(user.id);
    const result = await submit(cookie, profileForm("Picture Person", { bytes: await pngBytes(), filename: "me.png", type: "image/png" }));
    expect(result).toMatchObject({ status: 200, message: "Your profile is saved.", body: { intent: "profile" } });

    const { image } = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(image).toMatch(new RegExp(`^/avatars/${user.id}-[A-Za-z0-9_-]+\\.webp$`));
    const stored = await getObject(image!.slice(1));
    expect(stored).not.toBeNull();
    const metadata = await sharp(stored!).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 256, height: 256 });

    const served = await run(() => avatarLoader(routeArgs(getRequest(image!), { file: image!.replace("/avatars/", "") })));
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/webp");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("replaces the previous avatar and deletes its file", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    await submit(cookie, profileForm("First", { bytes: await pngBytes(), filename: "one.png", type: "image/png" }));
    const first = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).image!;
    await submit(cookie, profileForm("Second", { bytes: await pngBytes(64, 64), filename: "two.png", type: "image/png" }));
    const second = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).image!;
    expect(second).not.toBe(first);
    expect(await getObject(first.slice(1))).toBeNull();
    expect(await getObject(second.slice(1))).not.toBeNull();
    expect((await fetchAvatar(first)).status).toBe(404);
  });

  it("refuses a text file named like a PNG and changes nothing", async () => {
    const user = await makeUser({ name: "Careful" });
    const { cookie } = await signIn(user.id);
    const result = await submit(
      cookie,
      profileForm("Should Not Save", { bytes: Buffer.from("this is plain text, not a picture\n"), filename: "x.png", type: "image/png" }),
    );
    expect(result.status).toBe(400);
    expect(result.message).toBe("That file is not an image we can read. Use a JPEG, PNG, WebP or AVIF picture.");
    expect(result.fieldErrors.avatar).toEqual([result.message]);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ name: "Careful", image: null });
  });

  it("takes an avatar whatever its file name, and refuses a name with NUL characters with 400", async () => {
    const user = await makeUser({ name: "Kept" });
    const { cookie } = await signIn(user.id);
    const saved = await submit(cookie, profileForm("New Name", { bytes: await pngBytes(), filename: "me; a=b \"x\".png", type: "image/png" }));
    expect(saved).toMatchObject({ status: 200, message: "Your profile is saved." });
    const refused = await submit(cookie, profileForm("Bad\0Name", { bytes: await pngBytes(), filename: "me.png", type: "image/png" }));
    expect(refused).toMatchObject({ status: 400, message: "Text can't contain NUL characters. Remove them and send the form again.", body: { intent: "profile" } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("New Name");
  });

  it("refuses an image format it does not accept", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const tiff = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#123456" } }).tiff().toBuffer();
    const result = await submit(cookie, profileForm("Tiff Fan", { bytes: tiff, filename: "pic.tiff", type: "image/tiff" }));
    expect(result.status).toBe(400);
    expect(result.message).toBe("Use a JPEG, PNG, WebP or AVIF picture for your avatar.");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).image).toBeNull();
  });
});

describe("changing the password from settings", () => {
  it("keeps this browser signed in and signs the others out", async () => {
    const user = await makeUser();
    const here = await signIn(user.id);
    const elsewhere = await signIn(user.id);
    const result = await submit(here.cookie, { intent: "password", current: PASSWORD, password: "settings-new-password", confirm: "settings-new-password" });
    expect(result).toMatchObject({ status: 200, message: "Password changed. Other devices have been signed out.", body: { intent: "password" } });
    expect(await getRequestSession(getRequest("/", { cookie: here.cookie }))).not.toBeNull();
    expect(await getRequestSession(getRequest("/", { cookie: elsewhere.cookie }))).toBeNull();
    expect(await signInWithPassword(user.email!, "settings-new-password", uniqueIp())).toBe(user.id);
  });

  it("refuses a wrong current password", async () => {
    const user = await makeUser();
    const here = await signIn(user.id);
    const elsewhere = await signIn(user.id);
    const result = await submit(here.cookie, { intent: "password", current: "not-it-at-all", password: "settings-new-password", confirm: "settings-new-password" });
    expect(result.status).toBe(400);
    expect(result.fieldErrors.current).toEqual(["Your current password is not right."]);
    expect(await getRequestSession(getRequest("/", { cookie: elsewhere.cookie }))).not.toBeNull();
    expect(await signInWithPassword(user.email!, PASSWORD, uniqueIp())).toBe(user.id);
  });
});

describe("deleting the account", () => {
  it("requires the account's email address", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const result = await submit(cookie, { intent: "delete", confirmEmail: "someone-else@example.com", password: PASSWORD });
    expect(result.status).toBe(400);
    expect(result.message).toBe("That is not your account's email address.");
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("requires the password", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const wrong = await submit(cookie, { intent: "delete", confirmEmail: user.email!, password: "wrong-password" });
    expect(wrong.status).toBe(400);
    expect(wrong.message).toBe("Your password is not right.");
    const missing = await submit(cookie, { intent: "delete", confirmEmail: user.email! });
    expect(missing.status).toBe(400);
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("deletes the account and everything that belongs to it, and signs the browser out", async () => {
    const user = await makeUser();
    const here = await signIn(user.id);
    const other = await signIn(user.id);
    await submit(here.cookie, profileForm("Leaving", { bytes: await pngBytes(), filename: "me.png", type: "image/png" }));
    const image = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).image!;
    await prisma.emailLog.create({ data: { userId: user.id, to: user.email!, subject: "s", template: "t", status: "SENT" } });
    await prisma.account.create({ data: { userId: user.id, type: "oauth", provider: "github", providerAccountId: `gh-${user.id}` } });
    const bystander = await makeUser();
    const bystanderSession = await signIn(bystander.id);

    const result = await submit(here.cookie, { intent: "delete", confirmEmail: ` ${user.email!.toUpperCase()} `, password: PASSWORD });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/?deleted=1");
    expect(cookieAttributes(result.headers.get("Set-Cookie")!).get("max-age")).toBe("0");

    expect(await prisma.user.count({ where: { id: user.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.userTokenBalance.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.emailLog.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await getRequestSession(getRequest("/", { cookie: other.cookie }))).toBeNull();
    expect(await getObject(image.slice(1))).toBeNull();
    await expect(signInWithPassword(user.email!, PASSWORD, uniqueIp())).rejects.toThrow("don't match an account");

    expect(await getRequestSession(getRequest("/", { cookie: bystanderSession.cookie }))).not.toBeNull();
  });
});
