// The actors table as a CSV file (RFC 4180): comma-separated, CRLF line ends, fields quoted when
// they hold a comma, a quote or a line break, quotes doubled. UTF-8 with a byte-order mark, which
// is what makes Excel read accented names right. Pure: labels come from the caller, in the
// reader's language.
import {
  ACTOR_KINDS,
  GOVERNANCE_FUNCTIONS,
  ILLICIT_LINKS,
  isRepresented,
  type ActorKind,
  type GovernanceFunction,
  type IllicitLink,
  type StakeholderActor,
} from "./types.js";

export const CSV_COLUMNS = [
  "name",
  "kind",
  "category",
  "community",
  "functions",
  "illicitLink",
  "illicitSource",
  "influence",
  "legitimacy",
  "legitimacyNotes",
  "represented",
  "representedBy",
  "otherRepresentation",
  "sources",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export interface CsvLabels {
  headers: Record<CsvColumn, string>;
  kind: (kind: ActorKind) => string;
  category: (categoryId: string | null) => string;
  fn: (fn: GovernanceFunction) => string;
  illicit: (link: IllicitLink) => string;
  yes: string;
  no: string;
}

export const BOM = "\uFEFF";

type T = (key: string) => string;

/** A choice's labels, translated once per file rather than once per row. */
function labelsOf<K extends string>(keys: readonly K[], label: (key: K) => string): (key: K) => string {
  const labels = new Map(keys.map((k) => [k, label(k)]));
  return (key) => labels.get(key) ?? key;
}

/** The file's words in the reader's language: headers and every choice's label (the interface's messages). */
export function csvLabels(t: T, categories: readonly { id: string; label: string }[]): CsvLabels {
  const names = new Map(categories.map((c) => [c.id, c.label]));
  const noCategory = t("stakeholders.choices.noCategory");
  return {
    headers: Object.fromEntries(CSV_COLUMNS.map((c) => [c, t(`stakeholders.exportFiles.columns.${c}`)])) as Record<CsvColumn, string>,
    kind: labelsOf(ACTOR_KINDS, (k) => t(`stakeholders.choices.kinds.${k}`)),
    category: (id) => (id === null ? noCategory : (names.get(id) ?? noCategory)),
    fn: labelsOf(GOVERNANCE_FUNCTIONS, (f) => t(`stakeholders.choices.functions.${f}`)),
    illicit: labelsOf(ILLICIT_LINKS, (l) => t(`stakeholders.choices.illicit.${l}`)),
    yes: t("stakeholders.exportFiles.yes"),
    no: t("stakeholders.exportFiles.no"),
  };
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a
 * formula: a name like "=HYPERLINK(…)" typed into the map must stay text when the file is opened.
 * The usual guard: a leading apostrophe, which spreadsheets show as text and do not display.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: readonly (string | number | null | undefined)[]) => cells.map(csvCell).join(",");

export function actorCsvCells(actor: StakeholderActor, labels: CsvLabels): Record<CsvColumn, string | number> {
  return {
    name: actor.name,
    kind: labels.kind(actor.kind),
    category: labels.category(actor.categoryId),
    community: actor.community ?? "",
    functions: actor.functions.map(labels.fn).join("; "),
    illicitLink: labels.illicit(actor.illicitLink),
    illicitSource: actor.illicitSource ?? "",
    influence: actor.influence,
    legitimacy: actor.legitimacy,
    legitimacyNotes: actor.legitimacyNotes ?? "",
    represented: isRepresented(actor) ? labels.yes : labels.no,
    representedBy: actor.representatives.map((r) => r.displayName).join("; "),
    otherRepresentation: actor.representationNote ?? "",
    sources: actor.sources ?? "",
  };
}

/** The whole file: BOM, header row, one row per actor in the order given, CRLF after every record. */
export function stakeholderCsv(actors: readonly StakeholderActor[], labels: CsvLabels): string {
  const lines = [csvRow(CSV_COLUMNS.map((c) => labels.headers[c]))];
  for (const actor of actors) {
    const cells = actorCsvCells(actor, labels);
    lines.push(csvRow(CSV_COLUMNS.map((c) => cells[c])));
  }
  return `${BOM}${lines.join("\r\n")}\r\n`;
}
