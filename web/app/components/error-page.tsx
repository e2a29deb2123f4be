/** Friendly pages for the statuses people meet: 403, 404 and everything else as 500. */
import { Link } from "@remix-run/react";

const COPY: Record<number, { title: string; body: string }> = {
  400: { title: "That request didn't make sense", body: "Something in the link or form was not right. Go back and try again." },
  403: { title: "You can't open this page", body: "Your account doesn't have access to it. If you think it should, ask an administrator." },
  404: { title: "We couldn't find that page", body: "The link may be old or mistyped. Check the address, or start again from the home page." },
  429: { title: "Slow down a little", body: "You've tried that too many times. Wait a minute and try again." },
};

export function ErrorPage({ status, detail }: { status: number; detail?: string | null }) {
  const copy = COPY[status] ?? {
    title: "Something went wrong on our side",
    body: "The error has been logged and we'll look at it. Try again in a moment.",
  };
  return (
    <div className="mx-auto max-w-xl px-4 py-20 text-center">
      <p className="text-sm font-semibold text-brand-600">Error {status}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900">{copy.title}</h1>
      <p className="mt-4 text-slate-600">{copy.body}</p>
      {detail && status < 500 && status !== 404 ? <p className="mt-2 text-sm text-slate-600">{detail}</p> : null}
      <div className="mt-8 flex justify-center gap-3">
        <Link to="/" className="rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700">
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
