// A hash as people meet it (audit log, sign-off history): a short <code> with the full value in its
// title, a Copy button once the page runs script, and the full value in a fold that works without
// script (selectable by hand). Keeps a 64-digit string from pushing a phone's page sideways.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { hashPrefix } from "./hash-text";

export function HashValue({ hash }: { hash: string }) {
  const { t } = useTranslation();
  const full = useRef<HTMLElement>(null);
  // The button appears after hydration only: without script it could do nothing.
  const [scripted, setScripted] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setScripted(true), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(hash);
    } catch {
      // No clipboard API (an insecure origin, an old browser): select the full value and copy it.
      const node = full.current;
      if (!node) return;
      const range = document.createRange();
      range.selectNodeContents(node);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      document.execCommand("copy");
    }
    setCopied(true);
  };
  return (
    <span className="hash-value">
      <code className="hash-short" title={hash}>
        {hashPrefix(hash)}
      </code>
      {scripted ? (
        <button type="button" className="hash-copy" onClick={() => void copy()}>
          {copied ? t("screens.hash.copied") : t("screens.hash.copy")}
          {/* Hidden words, not aria-label: the visible word stays part of the name (voice control). */}
          <span className="visually-hidden">
            {" "}
            ({t("screens.hash.full")} {hashPrefix(hash)}…)
          </span>
        </button>
      ) : null}
      <details className="hash-full">
        <summary>{t("screens.hash.full")}</summary>
        <code ref={full}>{hash}</code>
      </details>
    </span>
  );
}
