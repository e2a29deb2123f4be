/** The first screen: which Spike Land server to use and the account to sign in with. */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { DesktopBridge, IpcError, SignedInSession } from "./bridge.ts";
import { AlertIcon } from "./icons.tsx";
import { LogoMark, Wordmark } from "./Logo.tsx";

export const DEFAULT_SERVER_URL = "http://localhost:3000";

type Field = "serverUrl" | "email" | "password";
const FIELD_ORDER: Field[] = ["serverUrl", "email", "password"];

type Props = {
  bridge: DesktopBridge;
  rememberedServerUrl: string | null;
  /** Why the user is back here, e.g. their session ended on the server. */
  notice: string | null;
  onSignedIn: (session: SignedInSession) => void;
};

export function SignInScreen({ bridge, rememberedServerUrl, notice, onSignedIn }: Props) {
  const [serverUrl, setServerUrl] = useState(rememberedServerUrl ?? DEFAULT_SERVER_URL);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await bridge.invoke("session:signIn", { serverUrl, email, password });
    if (result.ok) {
      setPassword("");
      onSignedIn(result.data);
      return;
    }
    setBusy(false);
    setError(result.error);
    // Put the cursor where the fix goes: the first marked field, or the password after a wrong one.
    const firstMarked = FIELD_ORDER.find((field) => result.error.fields?.[field]?.length);
    const target = inputs.current[firstMarked ?? (result.error.code === "unauthorized" ? "password" : "serverUrl")];
    target?.focus();
    target?.select();
  }

  const fieldProps = (field: Field) => ({
    name: field,
    inputRef: (element: HTMLInputElement | null) => {
      inputs.current[field] = element;
    },
    messages: error?.fields?.[field] ?? [],
  });

  return (
    <div className="sign-in-layout">
      <aside className="brand-panel">
        <div className="brand-panel-inner">
          <span className="brand-lockup">
            <LogoMark size={40} />
            <span>Spike Land</span>
          </span>
          <p className="brand-headline">Your studio, on your desktop.</p>
          <ul className="brand-points">
            <li>Upload whole albums, prepared on your machine first</li>
            <li>Mix your tracks, even offline</li>
            <li>Open your boxes in their own window</li>
          </ul>
        </div>
      </aside>

      <main className="sign-in-main">
        <div className="sign-in-card">
          <div className="compact-brand">
            <Wordmark />
          </div>
          <h1 ref={headingRef} tabIndex={-1}>
            Sign in
          </h1>
          <p className="lede">Use the account you have on your Spike Land server.</p>

          {notice && !error && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}

          <form className="form" onSubmit={submit} noValidate aria-describedby={error ? "sign-in-error" : undefined}>
            <TextField
              {...fieldProps("serverUrl")}
              label="Server address"
              hint="The web address of your Spike Land server."
              type="url"
              value={serverUrl}
              onChange={setServerUrl}
              autoComplete="url"
              inputMode="url"
              spellCheck={false}
            />
            <TextField
              {...fieldProps("email")}
              label="Email"
              type="email"
              value={email}
              onChange={setEmail}
              autoComplete="username"
              spellCheck={false}
            />
            <TextField
              {...fieldProps("password")}
              label="Password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
            />

            {error && (
              <div className="alert" role="alert" id="sign-in-error">
                <AlertIcon />
                <p>{summaryOf(error)}</p>
              </div>
            )}

            <button className="button button-primary button-block" type="submit" disabled={busy} aria-busy={busy}>
              {busy && <span className="spinner" aria-hidden="true" />}
              {busy ? "Signing in…" : "Sign in"}
            </button>
          </form>
        </div>
      </main>
    </div>
  );
}

/** The alert repeats nothing already written under a field; it points there instead. */
function summaryOf(error: IpcError): string {
  const inline = Object.values(error.fields ?? {}).flat();
  if (!inline.includes(error.message)) return error.message;
  return inline.length > 1 ? "Check the marked fields." : "Check the marked field.";
}

type TextFieldProps = {
  name: Field;
  label: string;
  hint?: string;
  type: "url" | "email" | "password";
  value: string;
  onChange: (value: string) => void;
  messages: string[];
  inputRef: (element: HTMLInputElement | null) => void;
  autoComplete: string;
  inputMode?: "url";
  spellCheck?: boolean;
};

function TextField({ label, hint, messages, onChange, inputRef, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = messages.length > 0;
  // The error replaces the hint, so the field is described by whichever is on screen.
  const describedBy = invalid ? errorId : hint ? hintId : undefined;
  return (
    <div className={invalid ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        ref={inputRef}
        required
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && !invalid && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {invalid && (
        <p className="field-error" id={errorId}>
          {messages.join(" ")}
        </p>
      )}
    </div>
  );
}
