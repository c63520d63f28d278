// What the editor says about itself, around the text: the save/connection pill, why the text is
// read-only, the fingerprint of a frozen text, and the changes a freeze did not include. React and
// i18n only (no Tiptap, no Yjs): the session (collab-session.ts) decides, these words it.
import { useState } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import type { ReadOnlyReason } from "../core/collab-wire.js";
import { shortHash } from "../core/signoff.js";
import { LockIcon } from "../components/lock-icon.js";
import { useDeviceCopy } from "../client/device-copy.js";
import { deviceNote, type ConnectionView } from "./connection-status.js";
import type { HeldBackView } from "./held-back.js";

const STATUS_GLYPH: Record<ConnectionView["kind"], string> = {
  connecting: "↻",
  reconnecting: "↻",
  saving: "↑",
  saved: "✓",
  offline: "⚠",
};

export function StatusPill({ view }: { view: ConnectionView }) {
  const { t } = useTranslation();
  // The pill is on every editor page: it keeps the page for offline reading and guards its unsent changes.
  useDeviceCopy(view, t("offline.leaveWarning"));
  const note = deviceNote(view)
    .map((line) => t(`offline.device.${line.key}`, line.count === undefined ? {} : { count: line.count }))
    .join(" ");
  const text =
    view.kind === "saved"
      ? t(view.readOnly ? "editor.status.upToDate" : "editor.status.saved")
      : view.kind === "offline"
        ? view.pendingChanges > 0
          ? t(view.localCopy ? "editor.status.offlineCount" : "editor.status.offlineNoCopy", { count: view.pendingChanges })
          : t(view.readOnly ? "editor.status.offlineReadOnly" : "editor.status.offline")
        : t(`editor.status.${view.kind}`);
  const pill = (
    <p className={`editor-status editor-status--${view.kind}`} role="status" aria-live="polite" data-status={view.kind} data-pending={view.pendingChanges}>
      <span className="editor-status-glyph" aria-hidden="true">
        {STATUS_GLYPH[view.kind]}
      </span>
      <span className="visually-hidden">{t("editor.status.label")}: </span>
      {text}
    </p>
  );
  // What is on this device and what reached the server, in full sentences beside the short pill.
  return (
    <>
      {pill}
      {note ? (
        <p className="editor-device-note" aria-live="polite" data-testid="device-note">
          {note}
        </p>
      ) : null}
    </>
  );
}

function formatWhen(ms: number, language: string): string {
  return new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

export type BannerReason = ReadOnlyReason | { kind: "permissionDenied" } | { kind: "refused"; problem: string; name: string } | null;

/**
 * Which reason the banner gives, most pressing first: the server refused an update (what is on
 * screen is not stored), then the connection lost its rights, then the server's live reason while
 * it says the text reads only (it follows freezes and role changes), else the page's reason from
 * the loader (before the socket said anything, or once it says the text is writable again).
 */
export function bannerReason(state: {
  refused: { code: string; name: string } | null;
  permissionDenied: boolean;
  readOnly: boolean;
  /** undefined until the socket gave a reason. */
  liveReason: ReadOnlyReason | null | undefined;
  pageReason: ReadOnlyReason | null | undefined;
}): BannerReason {
  if (state.refused) return { kind: "refused", problem: state.refused.code, name: state.refused.name };
  if (state.permissionDenied) return { kind: "permissionDenied" };
  if (state.liveReason !== undefined && state.readOnly) return state.liveReason;
  return state.pageReason ?? null;
}

/** Why the text cannot be changed, in the member's language. */
export function ReadOnlyBanner({ reason }: { reason: BannerReason }) {
  const { t, i18n } = useTranslation();
  let text: string;
  let key: string = reason?.kind ?? "generic";
  switch (reason?.kind) {
    case undefined:
      text = t("editor.readOnly.generic");
      break;
    case "lockedForSignOff":
      text = t("editor.readOnly.lockedSince", { round: reason.round, date: formatWhen(reason.since, i18n.language) });
      break;
    case "adopted":
      text = t("editor.readOnly.adoptedSince", { round: reason.round, date: formatWhen(reason.since, i18n.language) });
      break;
    case "role":
      key = reason.role;
      text = t(`editor.readOnly.${reason.role}`);
      break;
    case "refused":
      text = t("integrity.refused", { problem: t(`integrity.problems.${reason.problem}`, { name: reason.name, defaultValue: reason.problem }) });
      break;
    default:
      text = t(`editor.readOnly.${reason!.kind}`);
  }
  return (
    <div className="editor-readonly-banner" role="note" data-reason={key}>
      <strong className="editor-readonly-title">
        <LockIcon /> {t("editor.readOnly.title")}
      </strong>{" "}
      {text}
    </div>
  );
}

/** The fingerprint of the frozen text this page shows, to compare with the round's. */
export function FrozenVersion({ hash }: { hash: string }) {
  const { t } = useTranslation();
  return (
    <p className="editor-frozen-version">
      {t("editor.frozenVersion")}{" "}
      <code title={hash} data-testid="frozen-hash" data-hash={hash}>
        {shortHash(hash)}
      </code>{" "}
      <span className="muted">{t("editor.frozenVersionHint")}</span>
    </p>
  );
}

/** Changes a freeze set aside for their author: to copy, re-insert (once editable) or discard. */
export function HeldBackBox({ view, onReinsert, onDiscard }: { view: HeldBackView & { canReinsert: boolean }; onReinsert(): void; onDiscard(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const text = view.added.join("\n\n");
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => undefined,
    );
  };
  return (
    <section className="held-back" aria-labelledby="held-back-title" data-testid="held-back">
      <h3 id="held-back-title">{view.round ? t("editor.heldBack.titleRound", { round: view.round }) : t("editor.heldBack.title")}</h3>
      <p>{t(view.canReinsert ? "editor.heldBack.bodyEditable" : "editor.heldBack.body")}</p>
      {view.added.length ? (
        <div className="field">
          <label htmlFor="held-back-text">{t("editor.heldBack.added")}</label>
          <textarea id="held-back-text" readOnly value={text} rows={Math.min(8, Math.max(2, view.added.length * 2))} />
        </div>
      ) : null}
      {view.removed.length ? (
        <>
          <p>{t("editor.heldBack.removed")}</p>
          <ul className="held-back-removed">
            {view.removed.map((r, i) => (
              <li key={i}>
                <del>{r}</del>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="held-back-actions">
        {view.added.length ? (
          <button type="button" className="button button-secondary" onClick={copy}>
            {copied ? t("editor.heldBack.copied") : t("editor.heldBack.copy")}
          </button>
        ) : null}
        {view.canReinsert ? (
          <button type="button" className="button" onClick={onReinsert}>
            {t("editor.heldBack.reinsert")}
          </button>
        ) : null}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            if (window.confirm(t("editor.heldBack.discardConfirm"))) onDiscard();
          }}
        >
          {t("editor.heldBack.discard")}
        </button>
      </div>
    </section>
  );
}
