import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useMemo } from "react";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { useLanguage } from "~/components/process";
import { ActorFilters } from "~/components/stakeholders/actor-filters";
import { mapTexts, messageTemplate, StakeholderMapSvg } from "~/components/stakeholders/map-svg";
import { categoryLabel } from "~/core/categories";
import { translator } from "~/core/i18n";
import { layoutOfRows, type MapRow, mapRows } from "~/core/stakeholders/map-layout";
import { isFiltered, parseTableQuery, tableQueryString, tableView } from "~/core/stakeholders/table";
import { listCategories } from "~/domain/categories.server";
import { resolveLanguage } from "~/domain/locale.server";
import { getProcess } from "~/domain/processes.server";
import { requireMapReader } from "~/domain/stakeholders/access.server";
import { listActors } from "~/domain/stakeholders/store.server";

// The Map view of the stakeholder map: actors placed by legitimacy and influence, drawn as SVG in
// the server's HTML (a slow link shows it before any script), the numbered key as a list (the
// drawing's text equivalent, with links to each actor), the table's filters as a plain GET form,
// and the download of the same view as an SVG file. Team only: 404 for anyone else.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  const language = resolveLanguage(request, context);
  const categories = (await listCategories(db, processId)).map((c) => ({ id: c.id, label: categoryLabel(c, language) }));
  const query = parseTableQuery(new URL(request.url).searchParams);
  const actors = await listActors(db, processId);
  const shown = tableView(actors, categories, query, translator(language)("stakeholders.choices.noCategory"));
  // The actors as compact rows: the page draws the layout from them, here and again in the browser.
  return json({
    processId,
    processTitle: (await getProcess(db, processId))!.title,
    categories,
    query,
    rows: mapRows(actors, shown, categories),
    total: actors.length,
    filtered: isFiltered(query),
  });
}

export default function StakeholderMapPage() {
  const { processId, processTitle, categories, query, rows, total, filtered } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const language = useLanguage();
  const layout = useMemo(
    () =>
      layoutOfRows(
        rows as MapRow[],
        categories,
        {
          noCategory: t("stakeholders.choices.noCategory"),
          represented: t("stakeholders.choices.represented.yes"),
          notRepresented: t("stakeholders.choices.represented.no"),
        },
        total,
      ),
    [rows, categories, total, t],
  );
  const base = `/processes/${processId}/stakeholders`;
  const shown = layout.key.length;
  const texts = mapTexts(t, processTitle, shown, layout.total);
  const exportQuery = tableQueryString(query);
  const svgHref = `${base}/export${exportQuery ? `${exportQuery}&` : "?"}format=svg`;
  // Translated once for the whole key (a map may list 500 actors).
  const represented = t("stakeholders.choices.represented.yes");
  const notRepresented = t("stakeholders.choices.represented.no");
  const noCommunity = t("stakeholders.map.noCommunity");
  const notDrawn = t("stakeholders.map.notDrawn");
  const position = messageTemplate(t, "stakeholders.map.position", ["legitimacy", "influence"]);
  return (
    <section className="card stakeholder-map" aria-labelledby="stakeholder-map-heading">
      <h3 id="stakeholder-map-heading">{t("stakeholders.map.heading")}</h3>
      <p className="muted">{t("stakeholders.map.intro")}</p>
      {layout.total === 0 ? (
        <p className="empty-state">{t("stakeholders.map.empty")}</p>
      ) : (
        <>
          <ActorFilters
            idPrefix="map"
            query={query}
            categories={categories}
            search={false}
            keepSort={false}
            ariaLabel={t("stakeholders.map.filters")}
            submitLabel={t("stakeholders.map.apply")}
            clear={filtered ? { href: `${base}/map`, label: t("stakeholders.map.clear") } : null}
          />
          <p className="muted" aria-live="polite">
            {t("stakeholders.map.count", { shown, total: layout.total })}
          </p>
          {shown === 0 ? (
            <p className="empty-state">{t("stakeholders.map.emptyFiltered")}</p>
          ) : (
            <>
              {/* Into the card's padding: on a 390 px phone that is what keeps the drawing's text at 10 px. */}
              <figure className="stakeholder-map-figure">
                <StakeholderMapSvg layout={layout} texts={texts} language={language} />
              </figure>
              <p>
                <a href={svgHref} download>
                  {t("stakeholders.map.download")}
                </a>
                <br />
                <span className="field-hint">{t("stakeholders.map.downloadHint")}</span>
              </p>
              <h4 id="stakeholder-map-key">{t("stakeholders.map.keyTitle")}</h4>
              <ol className="stakeholder-map-key" aria-labelledby="stakeholder-map-key">
                {layout.key.map((entry) => (
                  <li key={entry.actorId} value={entry.number}>
                    {/* The map's marker as a character (disc or dotted ring, in the category's colour): light enough for 500 lines. */}
                    <span aria-hidden="true" style={{ color: entry.colour }}>
                      {entry.represented ? "● " : "◌ "}
                    </span>
                    {/* A plain link: 500 router links cost more to render than the rest of the key. */}
                    <a href={`${base}/${entry.actorId}`} dir="auto">
                      {entry.name}
                    </a>
                    {` — ${[
                      entry.categoryLabel,
                      entry.community ?? noCommunity,
                      entry.represented ? represented : notRepresented,
                      position({ legitimacy: entry.legitimacy, influence: entry.influence }),
                      ...(entry.drawn ? [] : [notDrawn]),
                    ].join(" · ")}`}
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
