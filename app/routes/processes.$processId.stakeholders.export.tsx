import type { LoaderFunctionArgs } from "@remix-run/node";
import { stakeholderMapSvgFile } from "~/components/stakeholders/map-svg";
import { categoryLabel } from "~/core/categories";
import { translator } from "~/core/i18n";
import { csvLabels, stakeholderCsv } from "~/core/stakeholders/csv";
import { mapOfTableView } from "~/core/stakeholders/map-layout";
import { isFiltered, parseTableQuery, tableView, type TableQuery } from "~/core/stakeholders/table";
import { recordAudit } from "~/domain/audit.server";
import { listCategories } from "~/domain/categories.server";
import { fileSlug } from "~/domain/exports/build.server";
import { resolveLanguage } from "~/domain/locale.server";
import { getProcess } from "~/domain/processes.server";
import { requireMapReader } from "~/domain/stakeholders/access.server";
import { listActors } from "~/domain/stakeholders/store.server";

// Resource route: GET ?format=csv (the actors table, with the table's filters and sorting from the
// same query parameters) or ?format=svg (the map of that view), as a download in the reader's
// language. Team only (404 for anyone else, as the map itself); every download is audited, since
// the file leaves the app's access control.
const FORMATS = ["csv", "svg"] as const;
type Format = (typeof FORMATS)[number];

const CONTENT_TYPES: Record<Format, string> = { csv: "text/csv; charset=utf-8", svg: "image/svg+xml; charset=utf-8" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  const language = resolveLanguage(request, context);
  const t = translator(language);
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (!(FORMATS as readonly (string | null)[]).includes(format)) {
    return new Response(`${t("stakeholders.exportFiles.badFormat")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store", "Content-Language": language },
    });
  }
  const process = (await getProcess(db, processId))!;
  const now = Date.now();
  const categories = (await listCategories(db, processId)).map((c) => ({ id: c.id, label: categoryLabel(c, language) }));
  const query = parseTableQuery(url.searchParams);
  const noCategory = t("stakeholders.choices.noCategory");
  const actors = await listActors(db, processId);

  let body: string;
  if (format === "csv") {
    body = stakeholderCsv(tableView(actors, categories, query, noCategory), csvLabels(t, categories));
  } else {
    const { layout } = mapOfTableView(actors, categories, query, {
      noCategory,
      represented: t("stakeholders.choices.represented.yes"),
      notRepresented: t("stakeholders.choices.represented.no"),
    });
    body = await stakeholderMapSvgFile(t, { layout, language, processTitle: process.title, exportedAt: now, filters: filterWords(query, t, categories) });
  }

  await recordAudit(db, {
    actorUserId: access.user.id,
    action: "stakeholder.exported",
    processId,
    targetType: "process",
    targetId: processId,
    details: { format },
  });
  const day = new Date(now).toISOString().slice(0, 10);
  const bytes = Buffer.from(body, "utf8");
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": CONTENT_TYPES[format as Format],
      "Content-Disposition": `attachment; filename="stakeholder-map-${fileSlug(process.title)}-${day}.${format}"`,
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** The active filters in words ("Stakeholder category: Youth; Representation: Not represented"), for the file's heading. */
function filterWords(query: TableQuery, t: (key: string, options?: Record<string, unknown>) => string, categories: { id: string; label: string }[]): string {
  if (!isFiltered(query)) return "";
  const part = (label: string, value: string) => t("stakeholders.map.filterPart", { label, value });
  const parts: string[] = [];
  if (query.q) parts.push(`“${query.q}”`);
  if (query.category) {
    const label = query.category === "none" ? t("stakeholders.choices.noCategory") : (categories.find((c) => c.id === query.category)?.label ?? query.category);
    parts.push(part(t("stakeholders.fields.category"), label));
  }
  if (query.fn) parts.push(part(t("stakeholders.fields.functions"), t(`stakeholders.choices.functions.${query.fn}`)));
  if (query.represented) parts.push(part(t("stakeholders.table.representation"), t(`stakeholders.choices.represented.${query.represented}`)));
  if (query.illicit) parts.push(part(t("stakeholders.table.illicitShort"), t(`stakeholders.choices.illicit.${query.illicit}`)));
  return parts.join("; ");
}
