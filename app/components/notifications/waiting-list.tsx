import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import type { NotificationEntry } from "~/core/notifications";
import { formatDate } from "~/core/dates";
import { FormAlert } from "../forms.js";
import { useLanguage } from "../process.js";
import { WAITING_LIST_ID } from "./notification-badge.js";

function entryText(entry: NotificationEntry, t: (key: string, options?: Record<string, unknown>) => string): string {
  const values = { document: entry.documentTitle, round: entry.round ?? "", name: entry.byName ?? t("notifications.someone") };
  if (entry.kind === "reply") return t("notifications.text.reply", { ...values, count: entry.replies });
  return t(`notifications.text.${entry.kind}`, values);
}

/**
 * The dashboard's "waiting for you" list. Each entry names its process and document, says when and
 * links to the place. "Mark all as read" is a plain form (works without JavaScript) that submits
 * the newest entry shown, so what arrives after the page was made still counts.
 */
export function WaitingList({ entries, markUpTo, error, marked }: { entries: NotificationEntry[]; markUpTo: number; error: string | null; marked: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const unseen = entries.filter((e) => e.unseen && e.kind !== "decisionNeeded").length;
  return (
    <section className="card waiting-list" aria-labelledby={`${WAITING_LIST_ID}-title`} id={WAITING_LIST_ID}>
      <div className="waiting-list-head">
        <h2 id={`${WAITING_LIST_ID}-title`}>
          {t("notifications.title")}
          {unseen ? <span className="badge waiting-unseen">{t("notifications.unseen", { count: unseen })}</span> : null}
        </h2>
        {markUpTo > 0 ? (
          <Form method="post" className="waiting-mark">
            <input type="hidden" name="intent" value="markSeen" />
            <input type="hidden" name="upTo" value={markUpTo} />
            <button type="submit" className="button button-secondary">
              {t("notifications.markAll")}
            </button>
          </Form>
        ) : null}
      </div>
      <FormAlert message={error ? t(error) : null} />
      <FormAlert message={marked ? t("notifications.marked") : null} tone="success" />
      {entries.length ? (
        <>
          <p className="muted">{t("notifications.intro")}</p>
          <ul className="waiting-entries">
            {entries.map((e) => (
              <li
                key={e.key}
                className={`waiting-entry waiting-entry--${e.kind}${e.unseen && e.kind !== "decisionNeeded" ? " is-unseen" : ""}`}
                data-kind={e.kind}
                data-key={e.key}
              >
                <p className="waiting-entry-kind">
                  <strong>{t(`notifications.kinds.${e.kind}`)}</strong>
                  {e.unseen && e.kind !== "decisionNeeded" ? <span className="badge waiting-new">{t("notifications.new")}</span> : null}
                </p>
                <p className="waiting-entry-text">
                  <Link to={e.href} dir="auto">
                    {entryText(e, t)}
                  </Link>
                </p>
                <p className="waiting-entry-meta muted">
                  <span dir="auto">{t("notifications.inProcess", { process: e.processTitle })}</span>
                  <time dateTime={new Date(e.at).toISOString()}>{formatDate(e.at, language, true)}</time>
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t("notifications.empty")}</p>
      )}
    </section>
  );
}
