import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { Suspense, useCallback, type ComponentProps } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { DocumentStatusBadge, DocumentVisibility } from "~/components/documents";
import { collabAccess, documentFacts } from "~/core/policy";
import { EditorShell } from "~/editor/EditorShell";
import { IntegrityNotice } from "~/components/integrity-notice";
import { documentHealth, restoreReadableText } from "~/domain/document-health.server";
import { readOnlyReasonOf } from "~/domain/read-only.server";
import { requireMember, rethrowAccess } from "~/domain/access.server";
import { roundToDecide } from "~/components/signoff/decision-bar";
import type { SignoffActionData } from "~/components/signoff/shared";
import { deferred } from "~/components/deferred";
import { LastEdited } from "~/components/screens/last-edited";
import { listCategories } from "~/domain/categories.server";
import { adoptRound, decide, openRound, recordInPerson, reopenRound, signoffPanel, type SignoffFailure, type SignoffOutcome } from "~/domain/signoff.server";
import { amendDocument, documentLanguage, requireReadableDocument, setDocumentVisibility } from "~/domain/documents.server";
import { VISIBILITIES, type AnnotationsPageData } from "~/core/annotations/types";
import { readableThreads, readerFromAccess } from "~/domain/annotations/store.server";
import { actorOptions } from "~/domain/stakeholders/store.server";
import { toEditorCategories, validateStoredDocument } from "~/domain/document-validation.server";
import { colorFor } from "~/core/colors";
import { rootMeta } from "~/components/meta";
import { exportPanel } from "~/domain/exports/export.server";
import { resolveLanguage } from "~/domain/locale.server";
import { changesSinceDecision } from "~/domain/versions/since-decision.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? [{ title: data.document.title }] : rootMeta(matches));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const { db } = context.services;
  // Another process's document, or a team draft for a member outside the team, answers like a missing one.
  const document = await requireReadableDocument(db, access, params.documentId);
  const mode = collabAccess(access.actor, { archived: access.membership.archived, ...documentFacts(document) });
  const readOnlyReason = mode === "read" ? await readOnlyReasonOf(db, access.actor, document, access.membership.archived) : null;
  const processId = access.membership.processId;
  // Read once: the sign-off panel, the live editor and the first paint's findings all need them.
  const processCategories = await listCategories(db, processId);
  const categories = processCategories.map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr }));
  const forEditor = toEditorCategories(processCategories);
  // `?confirm=adopt`: the adoption confirmation (a plain link, so it works without JavaScript).
  const confirmAdopt = new URL(request.url).searchParams.get("confirm") === "adopt";
  const signoff = await signoffPanel(db, access, document, { categories, confirmAdopt });
  // Storage is read and decoded once for the readable text, the findings and the text's health.
  const reading = context.services.content.read((await context.services.documentContent.load(document.id)).updates);
  const validation = await validateStoredDocument(context.services, document, { reading, categories: forEditor });
  const mayRestore = access.can("document.repair", documentFacts(document));
  const health = await documentHealth(context.services, document.id, validation.problems, mayRestore);
  const facts = documentFacts(document);
  const annotations: AnnotationsPageData = {
    // Read before the threads: a change made while they are read counts as after.
    asOf: Date.now(),
    threads: await readableThreads(db, readerFromAccess(access, document), document.id),
    // Readers of the map see which actors threads name (archived included); each thread's
    // `may.linkActors` says whether they may change that.
    actors: access.can("stakeholderMap.read") ? await actorOptions(db, processId) : [],
    mayCreate: VISIBILITIES.filter((v) => access.can("annotation.create", { ...facts, annotationVisibility: v })),
    userId: access.user.id,
  };
  return json({
    signoff,
    annotations,
    exports: await exportPanel(db, access, document, resolveLanguage(request, context)),
    sinceDecision: await changesSinceDecision(db, access, document),
    visibility: {
      value: document.visibility,
      mayChange: access.can("document.share", facts),
      team: access.can("annotation.read", { ...facts, annotationVisibility: "team" }),
    },
    document: {
      id: document.id,
      processId: document.processId,
      title: document.title,
      kind: document.kind,
      language: await documentLanguage(db, document),
      status: document.status,
      lastEditedByName: document.lastEditedByName,
      lastEditedAt: document.lastEditedAt,
    },
    blocks: reading.blocks,
    findings: validation.findings,
    integrity: {
      ...health,
      mayRestore,
      restoreLater: !mayRestore && access.membership.role === "facilitator" && document.status !== "drafting",
      status: document.status,
    },
    user: { name: access.user.displayName, color: colorFor(access.user.id), role: access.membership.role },
    readOnly: mode === "read",
    readOnlyReason,
    // A drafter whose text is frozen: their device may hold changes the frozen version lacks.
    draftsWhenOpen: access.can("document.edit", { ...documentFacts(document), documentStatus: "drafting" }),
    // What the editor needs to validate live and to offer responsible parties.
    // Drafters (team members all) pick responsible parties from the stakeholder map's actors.
    structure: {
      kind: document.kind,
      templateId: document.templateId,
      categories: forEditor,
      actors: mode === "edit" && access.can("stakeholderMap.read") ? await actorOptions(db, processId) : [],
    },
  });
}

const SAVED: Record<string, string> = {
  open: "signoff.saved.opened",
  decide: "signoff.saved.decided",
  record: "signoff.saved.recorded",
  recordPerson: "signoff.saved.recorded",
  reopen: "signoff.saved.reopened",
  adopt: "signoff.saved.adopted",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const processId = access.membership.processId;
  // Whatever the intent: a document this member may not read answers 404, like an unknown id.
  const documentId = (await requireReadableDocument(context.services.db, access, params.documentId)).id;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const services = context.services;
  const answer = (result: SignoffOutcome<unknown>) => {
    if (!result.ok) {
      const { errors, findings, unrepresented, params } = result as SignoffFailure;
      return json<SignoffActionData>({ intent, ok: false, errors, findings, unrepresented, params }, { status: result.status });
    }
    return json<SignoffActionData>({ intent, ok: true, errors: {}, saved: SAVED[intent] ?? null });
  };
  try {
    switch (intent) {
      case "open":
        return answer(await openRound(services, access.user, processId, documentId, form));
      case "decide":
        return answer(await decide(services, access.user, processId, documentId, form));
      case "record":
        return answer(await recordInPerson(services, access.user, processId, documentId, form, "member"));
      case "recordPerson":
        return answer(await recordInPerson(services, access.user, processId, documentId, form, "person"));
      case "reopen":
        return answer(await reopenRound(services, access.user, processId, documentId, form));
      case "adopt":
        return answer(await adoptRound(services, access.user, processId, documentId, form));
      case "restore":
        return answer(await restoreReadableText(services, access.user, processId, documentId, form));
      case "share": {
        const result = await setDocumentVisibility(services, access.user, processId, documentId, form);
        if (!result.ok) return answer(result);
        const saved = result.value.visibility === "shared" ? "documents.visibility.sharedDone" : "documents.visibility.unsharedDone";
        return json<SignoffActionData>({ intent, ok: true, errors: {}, saved });
      }
      case "amend": {
        const result = await amendDocument(services, access.user, processId, documentId);
        return result.ok ? redirect(`/processes/${processId}/documents/${result.value.id}`) : answer(result);
      }
      default:
        return json<SignoffActionData>({ intent, ok: false, errors: { form: "errors.invalid" } }, { status: 400 });
    }
  } catch (error) {
    rethrowAccess(error);
  }
}

// Sign-off, history and exports hydrate after the editing screen (document-panels.lazy.tsx).
const panels = deferred(() => import("~/components/document-panels.lazy"));
type Panels = Awaited<ReturnType<typeof panels.preload>>;

function Deferred<K extends "SignoffPanel" | "SignoffHistory" | "ExportPanel" | "DecisionBar" | "ChangesSinceDecisionView">({
  name,
  ...props
}: { name: K } & ComponentProps<Panels[K]>) {
  // One of the module's components, given the props its name calls for (checked at the call site).
  const Component = panels.use()[name] as unknown as (p: typeof props) => JSX.Element;
  return <Component {...props} />;
}

// A client-side navigation to a document (or a revalidation) renders the panels at once: their chunk
// is fetched alongside the data. Not run on hydration, where React asks for the chunk itself.
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), panels.preload()]);
  return data;
}

export default function DocumentPage() {
  const {
    document,
    blocks,
    findings,
    user,
    readOnly,
    readOnlyReason,
    draftsWhenOpen,
    structure,
    signoff,
    integrity,
    visibility,
    annotations,
    exports,
    sinceDecision,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as SignoffActionData | undefined;
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  // The server changed this connection's rights (e.g. the text was frozen for sign-off): reload the
  // page data so the panel, the status and the banner's reason follow at once, without a reload.
  const onStatusChange = useCallback(
    (view: { readOnly: boolean; permissionDenied: boolean }) => {
      if (view.readOnly !== readOnly && revalidator.state === "idle") revalidator.revalidate();
    },
    [readOnly, revalidator],
  );
  // The collab server says the document's status or sign-off state changed (a round opened, a
  // decision, adoption): reload the page data so the panel follows live, for every role.
  const onDocumentChanged = useCallback(() => revalidator.revalidate(), [revalidator]);
  // A representative who must decide reads the text first; the decision comes after it, in a bar.
  const deciding = roundToDecide(signoff);
  const signoffAction = actionData?.intent === "share" ? undefined : actionData;
  return (
    <article className="document-page" aria-labelledby="document-title">
      <p>
        <Link to={`/processes/${document.processId}`}>← {t("documents.back")}</Link>
      </p>
      <header className="document-header">
        <h2 id="document-title" lang={document.language} dir="auto">
          {document.title}
        </h2>
        <p className="muted">
          {t(`documents.kinds.${document.kind}`)} · <DocumentStatusBadge status={document.status} /> ·{" "}
          <LastEdited documentId={document.id} name={document.lastEditedByName} at={document.lastEditedAt} /> ·{" "}
          <Link to={`/processes/${document.processId}/documents/${document.id}/versions`}>{t("history.tab")}</Link>
        </p>
      </header>
      {visibility.team ? (
        <DocumentVisibility
          visibility={visibility.value}
          mayChange={visibility.mayChange}
          saved={actionData?.intent === "share" ? (actionData.ok ? actionData.saved : undefined) : undefined}
          error={actionData?.intent === "share" && !actionData.ok ? (actionData.errors.form ?? actionData.errors.visibility) : undefined}
        />
      ) : null}
      <IntegrityNotice
        data={integrity}
        error={actionData?.intent === "restore" && !actionData.ok ? actionData.errors.form : undefined}
        restored={actionData?.intent === "restore" && actionData.ok}
      />
      <Suspense fallback={null}>
        <Deferred
          name="SignoffPanel"
          data={signoff}
          action={signoffAction}
          processId={document.processId}
          decisionBelow={deciding !== null}
          changes={sinceDecision ? <Deferred name="ChangesSinceDecisionView" data={sinceDecision} categories={structure.categories} /> : null}
        />
      </Suspense>
      <EditorShell
        textLanguage={document.language}
        paused={integrity.problems.length > 0}
        draftsWhenOpen={draftsWhenOpen}
        documentId={document.id}
        initialBlocks={blocks}
        user={user}
        readOnly={readOnly}
        readOnlyReason={readOnlyReason}
        onStatusChange={onStatusChange}
        onDocumentChanged={onDocumentChanged}
        structure={structure}
        initialFindings={findings}
        annotations={annotations}
        processId={document.processId}
      />
      <Suspense fallback={null}>
        <Deferred name="SignoffHistory" rounds={signoff.rounds} />
        <Deferred name="ExportPanel" data={exports} processId={document.processId} documentId={document.id} />
        {/* Last on purpose: sticky at the bottom while the text scrolls, below it at the page's end. */}
        {deciding ? <Deferred name="DecisionBar" data={signoff} round={deciding} action={signoffAction} /> : null}
      </Suspense>
    </article>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
