/** Small inline icons; decorative, so hidden from screen readers (the text next to them says it). */

export function AlertIcon() {
  return (
    <svg className="alert-icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M10 1.8a8.2 8.2 0 1 1 0 16.4 8.2 8.2 0 0 1 0-16.4Zm0 11.4a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2Zm0-8a1 1 0 0 0-1 1.06l.3 5.2a.7.7 0 0 0 1.4 0l.3-5.2A1 1 0 0 0 10 5.2Z"
      />
    </svg>
  );
}

export function FolderIcon({ size = 24 }: { size?: number }) {
  return (
    <svg className="folder-icon" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        opacity="0.35"
        d="M3 7.5A2.5 2.5 0 0 1 5.5 5h3.6c.6 0 1.2.2 1.6.6L12 7h6.5A2.5 2.5 0 0 1 21 9.5V17a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17V7.5Z"
      />
      <path fill="currentColor" d="M3 10a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v7a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17v-7Z" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg className="check-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M8.2 13.6 4.6 10a1 1 0 1 0-1.4 1.4l4.3 4.3a1 1 0 0 0 1.4 0l8-8a1 1 0 0 0-1.4-1.4l-7.3 7.3Z" />
    </svg>
  );
}
