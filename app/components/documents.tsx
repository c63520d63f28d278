import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import type { DocumentKind } from "../core/documents.js";
import type { Visibility } from "../core/annotations/types.js";
import type { DocumentStatus } from "../core/policy.js";
import { formatDate, useLanguage } from "./process.js";

export interface DocumentListItem {
  id: string;
  kind: DocumentKind;
  title: string;
  status: DocumentStatus;
  lastEditedByName: string | null;
  lastEditedAt: number | null;
  /** Shown from 2 on (an amended revision of an adopted text). */
  revision?: number;
  visibility?: Visibility;
}

/** Whether a document is the team's draft or shared with every member; in words, not colour alone. */
export function DocumentVisibilityBadge({ visibility }: { visibility: Visibility }) {
  const { t } = useTranslation();
  return <span className={`badge badge-visibility-${visibility}`}>{t(`documents.visibility.${visibility}`)}</span>;
}

export function DocumentStatusBadge({ status }: { status: DocumentStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-status-${status}`}>{t(`documents.statuses.${status}`)}</span>;
}

/** The documents of a process: kind, title, status, last edited by/at. */
export function DocumentList({ processId, documents, canCreate }: { processId: string; documents: DocumentListItem[]; canCreate: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section className="card" aria-labelledby="documents-heading">
      <div className="card-header">
        <h2 id="documents-heading">{t("processes.documents")}</h2>
        {canCreate ? (
          <Link to={`/processes/${processId}/documents/new`} className="button">
            {t("documents.new")}
          </Link>
        ) : null}
      </div>
      {documents.length === 0 ? (
        <p className="empty-state">{canCreate ? t("documents.emptyCanCreate") : t("documents.empty")}</p>
      ) : (
        <table className="table table-stack" data-testid="document-list">
          <thead>
            <tr>
              <th scope="col">{t("documents.title")}</th>
              <th scope="col">{t("documents.kind")}</th>
              <th scope="col">{t("documents.status")}</th>
              <th scope="col">{t("documents.lastEdited")}</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <Link to={`/processes/${processId}/documents/${d.id}`}>{d.title}</Link>
                  {d.revision && d.revision > 1 ? <span className="muted"> · {t("documents.revision", { revision: d.revision })}</span> : null}
                </th>
                <td data-label={t("documents.kind")}>{t(`documents.kinds.${d.kind}`)}</td>
                <td data-label={t("documents.status")}>
                  <DocumentStatusBadge status={d.status} />
                  {d.visibility === "team" ? (
                    <>
                      {" "}
                      <DocumentVisibilityBadge visibility="team" />
                    </>
                  ) : null}
                </td>
                <td data-label={t("documents.lastEdited")}>
                  {d.lastEditedAt && d.lastEditedByName
                    ? t("documents.lastEditedBy", { name: d.lastEditedByName, date: formatDate(d.lastEditedAt, language, true) })
                    : t("documents.neverEdited")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * For the team: whether this document is their draft or shared with every member, and (for the
 * facilitator, while drafting) the switch. Representatives and observers never see a team draft,
 * so they never see this either.
 */
export function DocumentVisibility({
  visibility,
  mayChange,
  saved,
  error,
}: {
  visibility: Visibility;
  mayChange: boolean;
  saved?: string | null;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <section className={`document-visibility document-visibility-${visibility}`} aria-labelledby="visibility-heading">
      <p>
        <span id="visibility-heading">
          <DocumentVisibilityBadge visibility={visibility} />
        </span>{" "}
        <span className="muted">{t(visibility === "team" ? "documents.visibility.teamHint" : "documents.visibility.sharedHint")}</span>
      </p>
      {mayChange ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="share" />
          <input type="hidden" name="visibility" value={visibility === "team" ? "shared" : "team"} />
          {visibility === "team" ? <p className="muted">{t("documents.visibility.shareConfirm")}</p> : null}
          <button type="submit" className={visibility === "team" ? "button" : "button button-secondary"}>
            {t(visibility === "team" ? "documents.visibility.share" : "documents.visibility.unshare")}
          </button>
        </Form>
      ) : null}
      {saved ? (
        <p className="alert alert-success" role="status">
          {t(saved)}
        </p>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </section>
  );
}
