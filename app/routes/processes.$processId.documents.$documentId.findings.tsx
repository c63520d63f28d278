import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/domain/access.server";
import { validateStoredDocument } from "~/domain/document-validation.server";
import { requireReadableDocument } from "~/domain/documents.server";

// Resource route: the findings of the document's stored state, for anyone who may read it (the
// same rule as the document page). Used by tests and, later, by the sign-off round.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const document = await requireReadableDocument(context.services.db, access, params.documentId);
  const { template, findings } = await validateStoredDocument(context.services, document);
  return json(
    { documentId: document.id, templateId: template.id, templateVersion: template.version, findings },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
