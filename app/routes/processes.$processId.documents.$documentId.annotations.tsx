import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { AnnotationIntent, AnnotationResult } from "~/core/annotations/types";
import { requireMember, rethrowAccess } from "~/domain/access.server";
import { readableThread, readableThreads, readerFromAccess } from "~/domain/annotations/store.server";
import { createThread, deleteMessage, editMessage, replyToThread, setThreadActors, setThreadStatus } from "~/domain/annotations/threads.server";
import type { Outcome } from "~/domain/input.server";
import { requireReadableDocument } from "~/domain/documents.server";

// Resource route of a document's annotation threads. GET: the threads this member may read (JSON).
// POST (form fields): one change, answered with the thread as this member now sees it; every open
// page of the document receives the change live over its socket, filtered per member.
const NO_STORE = { "Cache-Control": "private, no-store" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const document = await requireReadableDocument(context.services.db, access, params.documentId);
  return json({ threads: await readableThreads(context.services.db, readerFromAccess(access, document), document.id) }, { headers: NO_STORE });
}

const INTENTS: ReadonlySet<string> = new Set<AnnotationIntent>(["create", "reply", "edit", "delete", "resolve", "reopen", "actors"]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const { db } = context.services;
  const document = await requireReadableDocument(db, access, params.documentId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (!INTENTS.has(intent)) return json<AnnotationResult>({ ok: false, errors: { form: "errors.invalid" } }, { status: 400, headers: NO_STORE });
  const args = [context.services, access.user, document.processId, document.id, form] as const;
  let result: Outcome<{ threadId: string }>;
  try {
    switch (intent as AnnotationIntent) {
      case "create":
        result = await createThread(...args);
        break;
      case "reply":
        result = await replyToThread(...args);
        break;
      case "edit":
        result = await editMessage(...args);
        break;
      case "delete":
        result = await deleteMessage(...args);
        break;
      case "resolve":
        result = await setThreadStatus(...args, "resolved");
        break;
      case "reopen":
        result = await setThreadStatus(...args, "open");
        break;
      case "actors":
        result = await setThreadActors(...args);
        break;
    }
  } catch (error) {
    rethrowAccess(error);
  }
  if (!result.ok) return json<AnnotationResult>({ ok: false, errors: result.errors }, { status: result.status, headers: NO_STORE });
  // The thread as this member sees it (null once its last message is deleted).
  return json<AnnotationResult>(
    { ok: true, thread: await readableThread(db, readerFromAccess(access, document), result.value.threadId) },
    { headers: NO_STORE },
  );
}
