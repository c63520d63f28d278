import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DocumentStatusBadge } from "~/components/documents";
import { formatDate, useLanguage } from "~/components/process";
import { collabAccess } from "~/core/policy";
import { EditorShell } from "~/editor/EditorShell";
import type { ReadOnlyReason } from "~/editor/collab-editor.client";
import { notFound, requireMember } from "~/domain/access.server";
import { readDocumentBlocks } from "~/domain/document-content.server";
import { getDocument } from "~/domain/documents.server";
import { editorCategories, validateStoredDocument } from "~/domain/document-validation.server";
import { colorFor } from "~/core/colors";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.document.title }] : []);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = requireMember(request, context, params.processId);
  const document = params.documentId ? getDocument(context.services.db, params.documentId) : null;
  // A document of another process answers like a missing one.
  if (!document || document.processId !== access.membership.processId) throw notFound();
  const mode = collabAccess(access.actor, { archived: access.membership.archived, documentStatus: document.status });
  if (mode === "none") throw notFound();
  let readOnlyReason: ReadOnlyReason | undefined;
  if (mode === "read") {
    const role = access.membership.role;
    readOnlyReason = access.membership.archived
      ? "archived"
      : document.status !== "drafting"
        ? "lockedForSignOff"
        : role === "analyst" || role === "representative" || role === "observer"
          ? role
          : undefined;
  }
  return json({
    document: {
      id: document.id,
      processId: document.processId,
      title: document.title,
      kind: document.kind,
      status: document.status,
      lastEditedByName: document.lastEditedByName,
      lastEditedAt: document.lastEditedAt,
    },
    blocks: await readDocumentBlocks(context.services, document.id),
    findings: (await validateStoredDocument(context.services, document)).findings,
    user: { name: access.user.displayName, color: colorFor(access.user.id), role: access.membership.role },
    readOnly: mode === "read",
    readOnlyReason,
    // What the editor needs to validate live and to offer responsible parties.
    structure: { kind: document.kind, templateId: document.templateId, categories: editorCategories(context.services, document.processId) },
  });
}

export default function DocumentPage() {
  const { document, blocks, findings, user, readOnly, readOnlyReason, structure } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <article className="document-page" aria-labelledby="document-title">
      <p>
        <Link to={`/processes/${document.processId}`}>← {t("documents.back")}</Link>
      </p>
      <header className="document-header">
        <h2 id="document-title">{document.title}</h2>
        <p className="muted">
          {t(`documents.kinds.${document.kind}`)} · <DocumentStatusBadge status={document.status} /> ·{" "}
          {document.lastEditedAt && document.lastEditedByName
            ? `${t("documents.lastEdited")}: ${t("documents.lastEditedBy", { name: document.lastEditedByName, date: formatDate(document.lastEditedAt, language, true) })}`
            : t("documents.neverEdited")}
        </p>
      </header>
      <EditorShell documentId={document.id} initialBlocks={blocks} user={user} readOnly={readOnly} readOnlyReason={readOnlyReason} structure={structure} initialFindings={findings} />
    </article>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
