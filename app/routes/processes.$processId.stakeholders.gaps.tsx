import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { useLanguage } from "~/components/process";
import { useMapLabels } from "~/components/stakeholders/labels";
import { categoryLabel } from "~/core/categories";
import { hasNoGap } from "~/core/stakeholders/gaps";
import { getTemplate } from "~/core/templates";
import { listCategories } from "~/domain/categories.server";
import { requireMapReader } from "~/domain/stakeholders/access.server";
import { processGaps } from "~/domain/stakeholders/gaps.server";
import { listActors } from "~/domain/stakeholders/store.server";

// The inclusion gaps panel: who provides governance or must sign off but has nobody in the
// dialogue. The required-categories rule is the round opening's own (categoriesWithoutDecider).
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  const categories = (await listCategories(db, processId)).map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr }));
  const actors = await listActors(db, processId);
  const gaps = await processGaps(db, processId, actors, categories);
  const names = Object.fromEntries(actors.map((a) => [a.id, a.name]));
  return json({ processId, categories, gaps, names, none: hasNoGap(gaps) });
}

export default function Gaps() {
  const { processId, categories, gaps, names, none } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const language = useLanguage();
  const labels = useMapLabels(categories);
  const base = `/processes/${processId}/stakeholders`;
  return (
    <section className="card gaps-panel" aria-labelledby="gaps-title">
      <h3 id="gaps-title">{t("stakeholders.gaps.title")}</h3>
      <p className="muted">{t("stakeholders.gaps.intro")}</p>
      {none ? (
        <p className="alert alert-success" role="status">
          {t("stakeholders.gaps.none")}
        </p>
      ) : null}
      {gaps.unvoicedProviders.length ? (
        <section aria-labelledby="gaps-providers" data-gap="providers">
          <h4 id="gaps-providers">
            {t("stakeholders.gaps.providers")} ({gaps.unvoicedProviders.length})
          </h4>
          <p className="field-hint">{t("stakeholders.gaps.providersHint")}</p>
          <ul>
            {gaps.unvoicedProviders.map((a) => (
              <li key={a.id}>
                <Link to={`${base}/${a.id}`} dir="auto">
                  {a.name}
                </Link>{" "}
                <span className="muted">
                  · {labels.category(a.categoryId)} · {t("stakeholders.gaps.functionsOf", { functions: labels.functions(a.functions) })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {gaps.categories.length ? (
        <section aria-labelledby="gaps-categories" data-gap="categories">
          <h4 id="gaps-categories">
            {t("stakeholders.gaps.categories")} ({gaps.categories.length})
          </h4>
          <p className="field-hint">{t("stakeholders.gaps.categoriesHint")}</p>
          <ul>
            {gaps.categories.map((c) => (
              <li key={c.id}>{categoryLabel(c, language)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {gaps.communities.length ? (
        <section aria-labelledby="gaps-communities" data-gap="communities">
          <h4 id="gaps-communities">
            {t("stakeholders.gaps.communities")} ({gaps.communities.length})
          </h4>
          <p className="field-hint">{t("stakeholders.gaps.communitiesHint")}</p>
          <ul>
            {gaps.communities.map((c) => (
              <li key={c.community}>
                <strong dir="auto">{c.community}</strong>{" "}
                <span className="muted">· {t("stakeholders.gaps.actorsOf", { names: c.actorIds.map((id) => names[id]).join(", ") })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {gaps.templates.length ? (
        <section aria-labelledby="gaps-templates" data-gap="templates">
          <h4 id="gaps-templates">{t("stakeholders.gaps.templates")}</h4>
          <p className="field-hint">{t("stakeholders.gaps.templatesHint")}</p>
          <ul>
            {gaps.templates.map((g) => (
              <li key={g.templateId} data-template={g.templateId}>
                <strong>{getTemplate(g.templateId)?.name[language] ?? g.templateId}</strong>: {g.categories.map((c) => categoryLabel(c, language)).join(", ")}
                <br />
                <span className="muted">
                  {g.documents.length
                    ? t("stakeholders.gaps.templateUsed", { titles: g.documents.map((d) => d.title).join(", ") })
                    : t("stakeholders.gaps.templateUnused")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
