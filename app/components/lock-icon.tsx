/**
 * A padlock drawn in SVG: an emoji (🔒) needs a colour-emoji font, which many field laptops and
 * older phones lack (they show an empty box). Decorative: the words beside it say "locked".
 */
export function LockIcon() {
  return (
    <svg className="lock-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5A1 1 0 0 1 13 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 0 0-4 0v2Z"
      />
    </svg>
  );
}
