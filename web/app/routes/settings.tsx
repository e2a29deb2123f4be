/** Account settings: profile (name, avatar), password, signed-in sessions and account deletion. */
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { nameField, newPasswordField, passwordField, PASSWORD_MIN_LENGTH } from "@spike-land/shared/accounts/schemas";
import { Button, Card, Field, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireSession } from "../.server/auth/guards.server.ts";
import { clearSessionCookie, listSessions, revokeSession } from "../.server/auth/sessions.server.ts";
import { prisma } from "../.server/platform/db.server.ts";
import { changePassword } from "../.server/accounts/flows.server.ts";
import { AVATAR_MAX_BYTES, AvatarError, avatarUrl, removeStoredAvatar, storeAvatar } from "../.server/accounts/avatar.server.ts";
import { deleteUser } from "../.server/accounts/users.server.ts";
import { stopRenewalBeforeDeletion } from "../.server/payments/billing.server.ts";
import { PaymentError } from "../.server/payments/errors.ts";
import { verifyPassword } from "../.server/auth/password.server.ts";
import { MultipartError, readMultipartForm } from "../.server/http/multipart.server.ts";

export const meta: MetaFunction = () => [{ title: "Settings — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  const [user, sessions] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: session.user.id }, select: { name: true, email: true, image: true, passwordHash: true } }),
    listSessions(session.user.id),
  ]);
  return {
    user: { name: user.name, email: user.email, image: user.image, hasPassword: Boolean(user.passwordHash) },
    sessions: sessions.map((s) => ({ id: s.id, expires: s.expires.toISOString(), current: s.id === session.id })),
  };
}

const profileSchema = z.object({ intent: z.literal("profile"), name: nameField });
const passwordSchema = z
  .object({ intent: z.literal("password"), current: z.string().default(""), password: newPasswordField, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords are not the same" });
const revokeSchema = z.object({ intent: z.literal("revoke"), sessionId: z.string().min(1) });
const deleteSchema = z.object({ intent: z.literal("delete"), confirmEmail: z.string().trim().toLowerCase(), password: passwordField.optional() });

type Result = { section: string; ok: boolean; message: string; fields?: Record<string, string[]> };

function fail(section: string, message: string, status: number, fields?: Record<string, string[]>) {
  return data<Result>({ section, ok: false, message, fields }, { status });
}

function fieldErrors(error: Record<string, string[] | null> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(error ?? {})) if (value?.length) out[key] = value;
  return out;
}

async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.includes("multipart/form-data")) return request.formData();
  return readMultipartForm(request, { maxFileBytes: AVATAR_MAX_BYTES });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireSession(request);
  const userId = session.user.id;
  let form: FormData;
  try {
    form = await readForm(request);
  } catch (error) {
    if (error instanceof MultipartError && error.problem === "file_too_large") return fail("profile", "That image is larger than 5 MB. Choose a smaller one.", 413);
    if (error instanceof MultipartError) return fail("profile", error.message, error.status);
    throw error;
  }
  const intent = form.get("intent");

  if (intent === "profile") {
    const submission = parseWithZod(form, { schema: profileSchema });
    if (submission.status !== "success") return fail("profile", "Check the highlighted field.", 400, fieldErrors(submission.error ?? undefined));
    const file = form.get("avatar");
    let image: string | undefined;
    if (file instanceof File && file.size > 0) {
      try {
        image = avatarUrl(await storeAvatar(userId, Buffer.from(await file.arrayBuffer())));
      } catch (error) {
        if (error instanceof AvatarError) return fail("profile", error.message, 400, { avatar: [error.message] });
        throw error;
      }
    }
    const before = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { image: true } });
    await prisma.user.update({ where: { id: userId }, data: { name: submission.value.name, ...(image ? { image } : {}) } });
    if (image) await removeStoredAvatar(before.image);
    return data<Result>({ section: "profile", ok: true, message: "Your profile is saved." });
  }

  if (intent === "password") {
    const submission = parseWithZod(form, { schema: passwordSchema });
    if (submission.status !== "success") return fail("password", "Check the highlighted fields.", 400, fieldErrors(submission.error ?? undefined));
    const result = await changePassword(userId, session.id, submission.value.current, submission.value.password);
    if (!result.ok) return fail("password", result.message, 400, { current: [result.message] });
    return data<Result>({ section: "password", ok: true, message: "Password changed. Other devices have been signed out." });
  }

  if (intent === "revoke") {
    const submission = parseWithZod(form, { schema: revokeSchema });
    if (submission.status !== "success") return fail("sessions", "Choose a session to sign out.", 400);
    const revoked = await revokeSession(submission.value.sessionId, userId);
    if (!revoked) return fail("sessions", "That session has already ended.", 404);
    if (submission.value.sessionId === session.id) {
      return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
    }
    return data<Result>({ section: "sessions", ok: true, message: "That device has been signed out." });
  }

  if (intent === "delete") {
    const submission = parseWithZod(form, { schema: deleteSchema });
    if (submission.status !== "success") return fail("delete", "Type your email address to confirm.", 400);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true, image: true } });
    if (submission.value.confirmEmail !== user.email) return fail("delete", "That is not your account's email address.", 400, { confirmEmail: ["Type your email address exactly."] });
    if (user.passwordHash && !(await verifyPassword(user.passwordHash, submission.value.password ?? ""))) {
      return fail("delete", "Your password is not right.", 400, { password: ["Your password is not right."] });
    }
    try {
      await stopRenewalBeforeDeletion(userId);
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      return fail("delete", `Your account was not deleted: we could not stop your subscription from renewing (${error.message}) Try again in a few minutes.`, 502);
    }
    await deleteUser(userId);
    return redirect("/?deleted=1", { headers: { "Set-Cookie": await clearSessionCookie() } });
  }

  return fail("profile", "Unknown action.", 400);
}

export default function Settings() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const message = (section: string) => (result?.section === section ? <FormMessage tone={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null);
  const errors = (section: string, field: string) => (result?.section === section ? result.fields?.[field] : undefined);

  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-10">
      <PageHeading title="Settings" description="Your profile, password and where you're signed in." />

      <Card aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="text-lg font-semibold">Profile</h2>
        <Form method="post" encType="multipart/form-data" className="mt-6 space-y-5">
          {message("profile")}
          <input type="hidden" name="intent" value="profile" />
          <div className="flex items-center gap-4">
            {user.image ? (
              <img src={user.image} alt="Your avatar" className="h-16 w-16 rounded-full object-cover ring-1 ring-slate-200" />
            ) : (
              <div aria-hidden className="grid h-16 w-16 place-items-center rounded-full bg-brand-50 text-xl font-bold text-brand-700">
                {(user.name ?? user.email ?? "?").slice(0, 1).toUpperCase()}
              </div>
            )}
            <div className="flex-1">
              <Field label="Avatar image (up to 5 MB)" errors={errors("profile", "avatar")} inputProps={{ id: "avatar", name: "avatar", type: "file", accept: "image/jpeg,image/png,image/webp,image/avif" }} />
            </div>
          </div>
          <Field label="Name" errors={errors("profile", "name")} inputProps={{ id: "name", name: "name", defaultValue: user.name ?? "", autoComplete: "name", required: true }} />
          <p className="text-sm text-slate-600">Email: {user.email}</p>
          <Button type="submit" disabled={busy}>Save profile</Button>
        </Form>
      </Card>

      <Card aria-labelledby="password-heading">
        <h2 id="password-heading" className="text-lg font-semibold">Password</h2>
        <Form method="post" className="mt-6 space-y-5">
          {message("password")}
          <input type="hidden" name="intent" value="password" />
          {user.hasPassword ? <Field label="Current password" errors={errors("password", "current")} inputProps={{ id: "current", name: "current", type: "password", autoComplete: "current-password" }} /> : null}
          <Field label={`New password (at least ${PASSWORD_MIN_LENGTH} characters)`} errors={errors("password", "password")} inputProps={{ id: "new-password", name: "password", type: "password", autoComplete: "new-password" }} />
          <Field label="Repeat the new password" errors={errors("password", "confirm")} inputProps={{ id: "confirm", name: "confirm", type: "password", autoComplete: "new-password" }} />
          <Button type="submit" disabled={busy}>{user.hasPassword ? "Change password" : "Set a password"}</Button>
        </Form>
      </Card>

      <Card aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">Where you're signed in</h2>
        <div className="mt-4">{message("sessions")}</div>
        <ul className="mt-4 divide-y divide-slate-200" data-testid="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="flex items-center justify-between gap-4 py-3 text-sm">
              <div>
                <p className="font-medium">{s.current ? "This device" : "Another device or app"}</p>
                <p className="text-slate-600">Expires {new Date(s.expires).toLocaleString("en-GB")}</p>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="sessionId" value={s.id} />
                <Button type="submit" variant="secondary" aria-label={s.current ? "Sign out of this device" : "Sign out that device"}>
                  Sign out
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      </Card>

      <Card aria-labelledby="delete-heading" className="ring-red-200">
        <h2 id="delete-heading" className="text-lg font-semibold text-red-800">Delete account</h2>
        <p className="mt-2 text-sm text-slate-700">
          This removes your account, tokens, images, albums and everything else tied to it. It cannot be undone.
        </p>
        <Form method="post" className="mt-6 space-y-5">
          {message("delete")}
          <input type="hidden" name="intent" value="delete" />
          <Field label="Type your email address to confirm" errors={errors("delete", "confirmEmail")} inputProps={{ id: "confirm-email", name: "confirmEmail", type: "email", autoComplete: "off" }} />
          {user.hasPassword ? <Field label="Your password" errors={errors("delete", "password")} inputProps={{ id: "delete-password", name: "password", type: "password", autoComplete: "current-password" }} /> : null}
          <Button type="submit" variant="danger" disabled={busy}>Delete my account</Button>
        </Form>
      </Card>
    </div>
  );
}
