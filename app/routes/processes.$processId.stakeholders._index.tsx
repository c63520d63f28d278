import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { FormAlert } from "~/components/forms";
import { ActorFilters } from "~/components/stakeholders/actor-filters";
import { useLanguage } from "~/components/process";
import { useMapLabels } from "~/components/stakeholders/labels";
import { categoryLabel } from "~/core/categories";
import { translator } from "~/core/i18n";
import { hasNoGap } from "~/core/stakeholders/gaps";
import { isFiltered, parseTableQuery, tableQueryString, tableView, type SortKey, type TableQuery } from "~/core/stakeholders/table";
import { ACTOR_KINDS, ILLICIT_LINKS } from "~/core/stakeholders/types";
import { listCategories } from "~/domain/categories.server";
import { requireMapReader } from "~/domain/stakeholders/access.server";
import { processGaps } from "~/domain/stakeholders/gaps.server";
import { listActors } from "~/domain/stakeholders/store.server";
import { resolveLanguage } from "~/domain/locale.server";

// The actors table: filters and sorting are the query string (plain GET forms and links), so the
// table works, and can be bookmarked or downloaded as CSV, without any script.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  const categories = (await listCategories(db, processId)).map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr }));
  const actors = await listActors(db, processId);
  const query = parseTableQuery(new URL(request.url).searchParams);
  const language = resolveLanguage(request, context);
  // The CSV export takes this same view: the file is in the order the reader is looking at.
  const named = categories.map((c) => ({ id: c.id, label: categoryLabel(c, language) }));
  const shown = tableView(actors, named, query, translator(language)("stakeholders.choices.noCategory"));
  const gaps = await processGaps(db, processId, actors, categories);
  const gapCount = gaps.unvoicedProviders.length + gaps.categories.length + gaps.communities.length + gaps.templates.length;
  const deleted = new URL(request.url).searchParams.get("done") === "deleted";
  // Only what the table shows (the page carries its data twice: as HTML and for hydration).
  const rows = shown.map((a) => ({
    id: a.id,
    name: a.name,
    kind: a.kind,
    categoryId: a.categoryId,
    community: a.community,
    functions: a.functions,
    influence: a.influence,
    legitimacy: a.legitimacy,
    representedBy: a.representatives.map((r) => r.displayName).join(", "),
    illicitLink: a.illicitLink,
  }));
  return json({ processId, categories, actors: rows, total: actors.length, query, gapCount: hasNoGap(gaps) ? 0 : gapCount, deleted });
}

const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: "name", label: "stakeholders.fields.name" },
  { key: "category", label: "stakeholders.fields.category" },
  { key: "community", label: "stakeholders.fields.community" },
  { key: null, label: "stakeholders.fields.functions" },
  { key: "influence", label: "stakeholders.fields.influence" },
  { key: "legitimacy", label: "stakeholders.fields.legitimacy" },
  { key: "represented", label: "stakeholders.table.representation" },
  { key: null, label: "stakeholders.table.illicitShort" },
];

function sortHref(query: TableQuery, key: SortKey): string {
  const dir = query.sort === key && query.dir === "asc" ? "desc" : "asc";
  return tableQueryString({ ...query, sort: key, dir }) || "?";
}

export default function ActorsTable() {
  const { processId, categories, actors, total, query, gapCount, deleted } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const language = useLanguage();
  const labels = useMapLabels(categories);
  // Every choice's words, translated once for the whole table rather than once per row.
  const words = useMemo(
    () => ({
      kinds: Object.fromEntries(ACTOR_KINDS.map((k) => [k, t(`stakeholders.choices.kinds.${k}`)])),
      illicit: Object.fromEntries(ILLICIT_LINKS.map((l) => [l, t(`stakeholders.choices.illicit.${l}`)])),
      yes: t("stakeholders.choices.represented.yes"),
      no: t("stakeholders.choices.represented.no"),
    }),
    [t],
  );
  const base = `/processes/${processId}/stakeholders`;
  const csvQuery = tableQueryString(query);
  return (
    <section className="card" aria-labelledby="actors-title">
      <h3 id="actors-title">{t("stakeholders.nav.table")}</h3>
      <FormAlert tone="success" message={deleted ? t("stakeholders.form.deleted") : null} />
      {gapCount ? (
        <p className="alert alert-warning">
          <Link to={`${base}/gaps`}>{t("stakeholders.gaps.summary", { count: gapCount })}</Link>
        </p>
      ) : null}
      <ActorFilters
        idPrefix="filter"
        query={query}
        categories={categories.map((c) => ({ id: c.id, label: categoryLabel(c, language) }))}
        search
        keepSort
        ariaLabel={t("stakeholders.table.filters")}
        submitLabel={t("stakeholders.table.apply")}
        clear={isFiltered(query) ? { href: base, label: t("stakeholders.table.clear") } : null}
      />
      <p className="muted" role="status">
        {t("stakeholders.table.count", { shown: actors.length, total })}
        {total ? (
          <>
            {" · "}
            <a href={`${base}/export${csvQuery ? `${csvQuery}&` : "?"}format=csv`} download>
              {t("stakeholders.table.csv")}
            </a>
          </>
        ) : null}
      </p>
      {actors.length === 0 ? (
        <p>{total ? t("stakeholders.table.emptyFiltered") : t("stakeholders.table.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table actors-table">
            <caption className="visually-hidden">{t("stakeholders.table.caption")}</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => {
                  const label = t(c.label);
                  const sorted = c.key && query.sort === c.key;
                  return (
                    <th key={c.label} scope="col" aria-sort={sorted ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
                      {c.key ? (
                        <Link to={sortHref(query, c.key)} title={t("stakeholders.table.sortBy", { column: label })}>
                          {label}
                          {sorted ? <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span> : null}
                        </Link>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {actors.map((a) => (
                <tr key={a.id} data-actor={a.id}>
                  <th scope="row">
                    {/* A plain link: hundreds of router links cost more to render than the rest of the table. */}
                    <a href={`${base}/${a.id}`} dir="auto">
                      {a.name}
                    </a>
                    <span className="muted"> · {words.kinds[a.kind]}</span>
                  </th>
                  <td>{labels.category(a.categoryId)}</td>
                  <td dir="auto">{a.community ?? ""}</td>
                  <td>{labels.functions(a.functions)}</td>
                  <td className="num">{a.influence}</td>
                  <td className="num">{a.legitimacy}</td>
                  <td>
                    {a.representedBy ? (
                      <span className="badge badge-ok">
                        {words.yes}: {a.representedBy}
                      </span>
                    ) : (
                      <span className="badge badge-missing">{words.no}</span>
                    )}
                  </td>
                  <td>{words.illicit[a.illicitLink]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
