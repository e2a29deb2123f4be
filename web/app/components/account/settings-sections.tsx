/**
 * The four sections of the settings page: profile (name and avatar), password, the devices signed
 * in, and account deletion. Each form validates in the browser with the schema the page's action
 * uses, and shows the reply to its own intent.
 */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "@spike-land/shared/accounts/schemas";
import { resultFor, type FormReply } from "../../lib/form-reply.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Button, Card, Field } from "../ui.tsx";
import { formatDateTime } from "../../lib/format.ts";

/** The settings action's schema: one object per intent. */
export type SettingsSchema = z.ZodType<Record<string, unknown>>;

type SectionProps = { reply: FormReply | undefined; schema: SettingsSchema; busy: boolean };

function useSectionForm(intent: string, { reply, schema }: SectionProps, defaultValue?: Record<string, string>) {
  return useForm({
    id: `${intent}-form`,
    defaultValue,
    lastResult: resultFor(reply, intent),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldRevalidate: "onInput",
  });
}

export type SettingsUser = { name: string | null; email: string | null; image: string | null; hasPassword: boolean };

export function ProfileSection({ user, ...props }: SectionProps & { user: SettingsUser }) {
  const [form, fields] = useSectionForm("profile", props, { name: user.name ?? "" });
  return (
    <Card aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="text-lg font-semibold">Profile</h2>
      <Form method="post" encType="multipart/form-data" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ReplyMessage reply={props.reply} intent="profile" />
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
            <Field
              label="Avatar image (up to 5 MB)"
              errors={fields.avatar?.errors}
              inputProps={{ id: "avatar", name: "avatar", type: "file", accept: "image/jpeg,image/png,image/webp,image/avif" }}
            />
          </div>
        </div>
        <Field
          label="Name"
          errors={fields.name?.errors}
          inputProps={{ ...getInputProps(fields.name!, { type: "text" }), autoComplete: "name", required: true }}
        />
        <p className="text-sm text-slate-600">Email: {user.email}</p>
        <Button type="submit" disabled={props.busy}>Save profile</Button>
      </Form>
    </Card>
  );
}

export function PasswordSection({ hasPassword, ...props }: SectionProps & { hasPassword: boolean }) {
  const [form, fields] = useSectionForm("password", props);
  return (
    <Card aria-labelledby="password-heading">
      <h2 id="password-heading" className="text-lg font-semibold">Password</h2>
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ReplyMessage reply={props.reply} intent="password" />
        <input type="hidden" name="intent" value="password" />
        {hasPassword ? (
          <Field label="Current password" errors={fields.current?.errors} inputProps={{ ...getInputProps(fields.current!, { type: "password" }), autoComplete: "current-password" }} />
        ) : null}
        <Field
          label={`New password (at least ${PASSWORD_MIN_LENGTH} characters)`}
          errors={fields.password?.errors}
          inputProps={{ ...getInputProps(fields.password!, { type: "password" }), autoComplete: "new-password" }}
        />
        <Field label="Repeat the new password" errors={fields.confirm?.errors} inputProps={{ ...getInputProps(fields.confirm!, { type: "password" }), autoComplete: "new-password" }} />
        <Button type="submit" disabled={props.busy}>{hasPassword ? "Change password" : "Set a password"}</Button>
      </Form>
    </Card>
  );
}

export type SignedInSession = { id: string; expires: string; current: boolean };

export function SessionsSection({ sessions, reply }: { sessions: SignedInSession[]; reply: FormReply | undefined }) {
  return (
    <Card aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="text-lg font-semibold">Where you're signed in</h2>
      <div className="mt-4">
        <ReplyMessage reply={reply} intent="revoke" />
      </div>
      <ul className="mt-4 divide-y divide-slate-200" data-testid="session-list">
        {sessions.map((s) => (
          <li key={s.id} className="flex items-center justify-between gap-4 py-3 text-sm">
            <div>
              <p className="font-medium">{s.current ? "This device" : "Another device or app"}</p>
              <p className="text-slate-600">Expires {formatDateTime(s.expires)}</p>
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
  );
}

export function DeleteAccountSection({ hasPassword, ...props }: SectionProps & { hasPassword: boolean }) {
  const [form, fields] = useSectionForm("delete", props);
  return (
    <Card aria-labelledby="delete-heading" className="ring-red-200">
      <h2 id="delete-heading" className="text-lg font-semibold text-red-800">Delete account</h2>
      <p className="mt-2 text-sm text-slate-700">This removes your account, tokens, images, albums, audio projects, API keys and boxes (stopped first), and everything else tied to it. It cannot be undone.</p>
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ReplyMessage reply={props.reply} intent="delete" />
        <input type="hidden" name="intent" value="delete" />
        <Field
          label="Type your email address to confirm"
          errors={fields.confirmEmail?.errors}
          inputProps={{ ...getInputProps(fields.confirmEmail!, { type: "email" }), autoComplete: "off" }}
        />
        {hasPassword ? (
          <Field label="Your password" errors={fields.password?.errors} inputProps={{ ...getInputProps(fields.password!, { type: "password" }), autoComplete: "current-password" }} />
        ) : null}
        <Button type="submit" variant="danger" disabled={props.busy}>Delete my account</Button>
      </Form>
    </Card>
  );
}
