import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { FormAlert, SelectField } from "~/components/forms";
import { rootMeta } from "~/components/meta";
import { formatDate, useLanguage } from "~/components/process";
import { StoredFindings } from "~/components/stored-findings";
import { ComparisonView } from "~/components/versions/comparison";
import { VersionText } from "~/components/versions/version-text";
import { documentFacts } from "~/core/policy";
import { shortHash } from "~/core/signoff";
import type { VersionSummary } from "~/core/versions/types";
import { requireMember, rethrowAccess } from "~/domain/access.server";
import { readerFromAccess } from "~/domain/annotations/store.server";
import { listCategories } from "~/domain/categories.server";
import { toEditorCategories, validateStoredDocument } from "~/domain/document-validation.server";
import { requireReadableDocument } from "~/domain/documents.server";
import { resolveLanguage } from "~/domain/locale.server";
import { CURRENT_KEY, versionComparison, versionView } from "~/domain/versions/pages.server";
import { listVersions, restoreVersion, saveNamedVersion } from "~/domain/versions/store.server";

// The versions of a document: the list (with "save a version" for drafters), one version read
// only with its findings (`?view=<key>`), and a comparison of two (`?from=<key>&to=<key|current>`),
// computed on the server from the stored versions. Restoring is an intent of this page's action.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? [{ title: data.document.title }] : rootMeta(matches));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const { db } = context.services;
  const document = await requireReadableDocument(db, access, params.documentId);
  const url = new URL(request.url);
  const language = resolveLanguage(request, context);
  const categories = toEditorCategories(await listCategories(db, document.processId));
  const versions = await listVersions(db, readerFromAccess(access, document), document);
  const facts = documentFacts(document);
  const may = access.abilities(["version.save", "version.restore"], facts);
  const mayCurrent = access.can("version.read", { ...facts, versionKind: "auto" });
  const viewKey = url.searchParams.get("view");
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  let view = null;
  let comparison = null;
  if (viewKey) {
    view = await versionView(context.services, access, document, viewKey, language);
    if (!view) throw new Response("Not found", { status: 404 });
    const { findings } = await validateStoredDocument(context.services, document, { reading: view.reading, categories });
    return json({ document: pageDocument(document), versions, may, mayCurrent, categories, view: { ...view, reading: undefined, findings }, comparison });
  }
  if (from && to) {
    comparison = await versionComparison(context.services, access, document, from, to);
    if (!comparison) throw new Response("Not found", { status: 404 });
  }
  return json({ document: pageDocument(document), versions, may, mayCurrent, categories, view, comparison });
}

function pageDocument(document: { id: string; processId: string; title: string; status: string }) {
  return { id: document.id, processId: document.processId, title: document.title, status: document.status };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const document = await requireReadableDocument(context.services.db, access, params.documentId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const refused = (result: { status: number; errors: Record<string, string> }) =>
    json({ intent, ok: false as const, errors: result.errors }, { status: result.status });
  try {
    if (intent === "saveVersion") {
      const result = await saveNamedVersion(context.services, access.user, document.processId, document.id, form);
      return result.ok
        ? json({ intent, ok: true as const, errors: {}, saved: "versions.saved.named", version: result.value.key, keptAs: null })
        : refused(result);
    }
    if (intent === "restoreVersion") {
      const result = await restoreVersion(context.services, access.user, document.processId, document.id, form);
      return result.ok
        ? json({ intent, ok: true as const, errors: {}, saved: "versions.saved.restored", version: result.value.key, keptAs: result.value.keptAs })
        : refused(result);
    }
    return json({ intent, ok: false as const, errors: { form: "errors.invalid" } }, { status: 400 });
  } catch (error) {
    rethrowAccess(error);
  }
}

function useVersionName() {
  const { t } = useTranslation();
  return (v: Pick<VersionSummary, "kind" | "name" | "round">) =>
    v.kind === "named" && v.name ? v.name : t(`history.kinds.${v.kind}`, { number: v.round ?? 0 });
}

export default function VersionsPage() {
  const { document, versions, may, mayCurrent, categories, view, comparison } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const language = useLanguage();
  const navigation = useNavigation();
  const nameOf = useVersionName();
  const base = `/processes/${document.processId}/documents/${document.id}/versions`;
  const choices = [
    ...(mayCurrent ? [{ value: CURRENT_KEY, label: t("history.compare.current") }] : []),
    ...versions.map((v) => ({ value: v.key, label: `${nameOf(v)} · ${formatDate(v.at, language)} · ${shortHash(v.hash)}` })),
  ];
  return (
    <article className="versions-page" aria-labelledby="versions-title">
      <p>
        <Link to={`/processes/${document.processId}/documents/${document.id}`}>← {document.title}</Link>
      </p>
      <h2 id="versions-title">{t("history.title")}</h2>
      {actionData?.ok ? <FormAlert tone="success" message={t(actionData.saved)} /> : null}
      {actionData && !actionData.ok ? <FormAlert tone="error" message={t(Object.values(actionData.errors)[0] ?? "errors.invalid")} /> : null}

      {view ? (
        <section className="card" aria-labelledby="version-view-title">
          <h3 id="version-view-title">{nameOf(view.summary)}</h3>
          <p className="muted">
            {t("history.viewing", {
              name: view.summary.byName ?? t("history.automatic"),
              date: formatDate(view.summary.at, language, true),
              hash: shortHash(view.summary.hash),
            })}
          </p>
          <p className="field-hint">{t("history.readOnly")}</p>
          <VersionText parts={view.parts} />
          <h3>{t("history.findings")}</h3>
          <StoredFindings findings={view.findings} categories={categories} />
          <p>
            <Link to={base}>{t("history.back")}</Link>
          </p>
        </section>
      ) : null}

      {comparison ? (
        <section className="card" aria-labelledby="comparison-title">
          <h3 id="comparison-title">
            {t("history.compare.heading", {
              from: comparison.from ? nameOf(comparison.from) : t("history.compare.current"),
              to: comparison.to ? nameOf(comparison.to) : t("history.compare.current"),
            })}
          </h3>
          <ComparisonView comparison={comparison.comparison} categories={categories} />
          <p>
            <Link to={base}>{t("history.back")}</Link>
          </p>
        </section>
      ) : null}

      {!view && !comparison ? (
        <>
          <p className="field-hint">{mayCurrent ? t("history.intro") : t("history.introParties")}</p>
          {versions.length >= 1 ? (
            <section className="card" aria-labelledby="compare-title">
              <h3 id="compare-title">{t("history.compare.title")}</h3>
              <Form method="get" className="export-form">
                <SelectField id="compare-from" name="from" label={t("history.compare.from")} options={choices} defaultValue={versions[0]?.key} />
                <SelectField id="compare-to" name="to" label={t("history.compare.to")} options={choices} defaultValue={choices[0]?.value} />
                <p>
                  <button type="submit" className="button">
                    {t("history.compare.submit")}
                  </button>
                </p>
              </Form>
            </section>
          ) : null}
          {may["version.save"] ? (
            <section className="card" aria-labelledby="save-version-title">
              <h3 id="save-version-title">{t("history.save.title")}</h3>
              <Form method="post" className="export-form">
                <input type="hidden" name="intent" value="saveVersion" />
                <div className="field">
                  <label htmlFor="version-name">{t("history.save.name")}</label>
                  <p className="field-hint" id="version-name-hint">
                    {t("history.save.hint")}
                  </p>
                  <input id="version-name" name="name" maxLength={120} required aria-describedby="version-name-hint" dir="auto" />
                </div>
                <p>
                  <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                    {t("history.save.submit")}
                  </button>
                </p>
              </Form>
            </section>
          ) : null}
          <section className="card" aria-labelledby="version-list-title">
            <h3 id="version-list-title">{t("history.tab")}</h3>
            {versions.length === 0 ? <p>{t("history.none")}</p> : null}
            <ol className="version-list">
              {versions.map((v, i) => {
                const previous = versions[i + 1];
                return (
                  <li key={v.key} className="version-entry" data-kind={v.kind} data-key={v.key}>
                    <p>
                      <strong dir="auto">{nameOf(v)}</strong> · {v.byName ?? t("history.automatic")} · {formatDate(v.at, language, true)} ·{" "}
                      <code title={v.hash}>{shortHash(v.hash)}</code>
                    </p>
                    <p className="version-actions">
                      <Link to={`${base}?view=${encodeURIComponent(v.key)}`}>{t("history.view")}</Link>
                      {previous ? (
                        <>
                          {" · "}
                          <Link to={`${base}?from=${encodeURIComponent(previous.key)}&to=${encodeURIComponent(v.key)}`}>
                            {t("history.compareWithPrevious")}
                          </Link>
                        </>
                      ) : null}
                    </p>
                    {may["version.restore"] ? (
                      <Form method="post" className="version-restore">
                        <input type="hidden" name="intent" value="restoreVersion" />
                        <input type="hidden" name="version" value={v.key} />
                        <button type="submit" className="button button-secondary" aria-describedby="restore-hint">
                          {t("history.restore")}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                );
              })}
            </ol>
            {may["version.restore"] ? (
              <p className="field-hint" id="restore-hint">
                {t("history.restoreHint")}
              </p>
            ) : null}
          </section>
        </>
      ) : null}
    </article>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
