/** The Spike Land mark: a four-point spark, drawn inline so it needs no image request. */
import { useId } from "react";

export function LogoMark({ size = 32 }: { size?: number }) {
  // Each copy needs its own gradient id: a shared one resolves to the first copy, which may be hidden.
  const gradientId = `spike-mark-${useId().replace(/[^\w-]/g, "")}`;
  return (
    <svg className="logo-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#a78bfa" />
          <stop offset="0.55" stopColor="#6366f1" />
          <stop offset="1" stopColor="#ec4899" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="9" fill={`url(#${gradientId})`} />
      <path
        d="M16 5.5c.9 5.6 2.9 7.6 8.5 8.5-5.6.9-7.6 2.9-8.5 8.5-.9-5.6-2.9-7.6-8.5-8.5 5.6-.9 7.6-2.9 8.5-8.5Z"
        fill="#fff"
      />
      <circle cx="23.5" cy="23.5" r="2.2" fill="#fff" opacity="0.85" />
    </svg>
  );
}

export function Wordmark() {
  return (
    <span className="wordmark">
      <LogoMark />
      <span>Spike Land</span>
    </span>
  );
}
