import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DocumentList } from "~/components/documents";
import { requireMember } from "~/domain/access.server";
import { documentListItems } from "~/domain/documents.server";

// The Documents tab: every document of the process this member may read (a team draft is not
// listed outside the team), with the button to create one for those who may.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const processId = access.membership.processId;
  return json({ processId, documents: await documentListItems(context.services.db, access, processId), canCreate: access.can("document.create") });
}

export default function Documents() {
  const { processId, documents, canCreate } = useLoaderData<typeof loader>();
  return <DocumentList processId={processId} documents={documents} canCreate={canCreate} />;
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
