/** Account settings: profile (name, avatar), password, signed-in sessions, the way to API keys, and account deletion. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { DomainError } from "@spike-land/shared/errors";
import { nameField, newPasswordField, passwordField } from "@spike-land/shared/accounts/schemas";
import { Card, PageHeading } from "../components/ui.tsx";
import { DeleteAccountSection, PasswordSection, ProfileSection, SessionsSection } from "../components/account/settings-sections.tsx";
import { requireSession } from "../.server/auth/guards.server.ts";
import { clearSessionCookie, listSessions, revokeOwnSession } from "../.server/auth/sessions.server.ts";
import { changePassword } from "../.server/accounts/flows.server.ts";
import { AVATAR_MAX_BYTES, avatarUrl, storeAvatar } from "../.server/accounts/avatar.server.ts";
import { deleteOwnAccount, saveProfile, settingsProfile } from "../.server/accounts/users.server.ts";
import { domainErrorReply, handleForm } from "../.server/http/forms.server.ts";
import { MultipartError, readMultipartForm } from "../.server/http/multipart.server.ts";

export const meta: MetaFunction = () => [{ title: "Settings — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  const [user, sessions] = await Promise.all([settingsProfile(session.user.id), listSessions(session.user.id)]);
  return {
    user,
    sessions: sessions.map((s) => ({ id: s.id, expires: s.expires.toISOString(), current: s.id === session.id })),
  };
}

const SESSION_CHOICE = "Choose a session to sign out.";
const CONFIRM_EMAIL = "Type your email address to confirm.";

const settingsSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("profile"), name: nameField, avatar: z.instanceof(File).optional() }),
    z
      .object({ intent: z.literal("password"), current: z.string().default(""), password: newPasswordField, confirm: z.string().default("") })
      .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords are not the same" }),
    z.object({ intent: z.literal("revoke"), sessionId: z.string({ error: SESSION_CHOICE }).min(1, SESSION_CHOICE) }),
    z.object({ intent: z.literal("delete"), confirmEmail: z.string({ error: CONFIRM_EMAIL }).trim().toLowerCase(), password: passwordField.optional() }),
  ],
  { error: "Unknown action." },
);

/** The avatar comes as multipart; the other forms are url-encoded. */
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
    if (!(error instanceof MultipartError)) throw error;
    const tooLarge = error.problem === "file_too_large";
    return domainErrorReply(tooLarge ? new DomainError(413, "That image is larger than 5 MB. Choose a smaller one.") : error, "profile");
  }
  return handleForm(
    form,
    settingsSchema,
    async (input) => {
      switch (input.intent) {
        case "profile": {
          const image = input.avatar ? avatarUrl(await storeAvatar(userId, Buffer.from(await input.avatar.arrayBuffer()))) : undefined;
          await saveProfile(userId, { name: input.name, image });
          return "Your profile is saved.";
        }
        case "password": {
          const result = await changePassword(userId, session.id, input.current, input.password);
          if (!result.ok) throw new DomainError(400, result.message, undefined, { field: "current" });
          return "Password changed. Other devices have been signed out.";
        }
        case "revoke":
          await revokeOwnSession(input.sessionId, userId);
          if (input.sessionId === session.id) return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
          return "That device has been signed out.";
        case "delete":
          await deleteOwnAccount(userId, input);
          return redirect("/?deleted=1", { headers: { "Set-Cookie": await clearSessionCookie() } });
      }
    },
    { hideFields: ["current", "password", "confirm"] },
  );
}

export default function Settings() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const section = { reply, schema: settingsSchema, busy };
  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-10">
      <PageHeading title="Settings" description="Your profile, password and where you're signed in." />
      <ProfileSection user={user} {...section} />
      <PasswordSection hasPassword={user.hasPassword} {...section} />
      <SessionsSection sessions={sessions} reply={reply} />
      <Card aria-labelledby="api-keys-heading">
        <h2 id="api-keys-heading" className="text-lg font-semibold">API keys</h2>
        <p className="mt-2 text-sm text-slate-600">Let your own programs and tools call the Spike Land API as you.</p>
        <Link to="/settings/api-keys" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">Manage API keys →</Link>
      </Card>
      <DeleteAccountSection hasPassword={user.hasPassword} {...section} />
    </div>
  );
}
