/** A read-only link with a copy button and a spoken confirmation: share links, referral links. */
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "./ui.tsx";

const NOTICE_MS = 3000;

export function CopyLinkField({ id, label, link, hint }: { id: string; label: string; link: string; hint?: ReactNode }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={id}
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full min-w-0 rounded-lg border-0 bg-slate-50 px-3 py-2.5 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        />
        <Button type="button" variant="secondary" onClick={() => void copy()} className="whitespace-nowrap">
          Copy link
        </Button>
      </div>
      <p role="status" className="min-h-5 text-sm text-slate-600">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Couldn't copy: select the link and copy it yourself." : (hint ?? "")}
      </p>
    </div>
  );
}
