// The stakeholder map's drawing, as numbers: actors placed by legitimacy as perceived locally (x,
// 1 to 5, left to right) and influence (y, 1 to 5, high at the top) in a 5 × 5 grid of cells.
// Pure and deterministic (same actors, same picture), so the page, the SVG export and the tests
// all draw from one computation, and the server can render it before any script runs.
//
// Sizes are in viewBox units. The viewBox is 400 wide and the smallest text 11.5 units, so on a
// 390 px phone (the drawing about 350 px wide) text stays at about 10 px; on a laptop it grows.
// Names are measured by an estimate (no font metrics on the server): widths are overestimated so
// a name never runs into the next cell, and the full name is always in the marker's <title> and
// in the numbered key.
import { tableView, type TableQuery } from "./table.js";
import { isRepresented, type StakeholderActor } from "./types.js";

/** What the layout needs of an actor. */
export interface MapActor {
  id: string;
  name: string;
  categoryId: string | null;
  community: string | null;
  influence: number;
  legitimacy: number;
  represented: boolean;
}

/** A category of the process, in the process's order, labelled in the reader's language. */
export interface MapCategory {
  id: string;
  label: string;
}

export interface MapLabels {
  noCategory: string;
  represented: string;
  notRepresented: string;
}

export interface MapInput {
  /** Every actor of the map: numbers are given over all of them, so filtering never renumbers. */
  actors: readonly MapActor[];
  /** The actors to draw (a filtered view); all when absent. */
  shownIds?: ReadonlySet<string>;
  /** Numbers already given (over a larger map than `actors`); by default 1..n in name order. */
  numbers?: ReadonlyMap<string, number>;
  /** How many actors the whole map has, when `actors` is already a filtered view. */
  total?: number;
  categories: readonly MapCategory[];
  labels: MapLabels;
}

export interface MapMarker {
  actorId: string;
  number: number;
  name: string;
  colour: string;
  represented: boolean;
  /** Centre of the marker. */
  cx: number;
  cy: number;
  /** Where the number (and, when the cell has room, the name) is written: start of the first line's baseline. */
  textX: number;
  textY: number;
  /** Where the name's next lines start (under the marker: a hanging indent gives them the cell's width). */
  lineX: number;
  /** The name as shown beside the marker, one entry per line (empty: only the number is shown). */
  nameLines: string[];
}

/** "+K": the actors of a full cell that are not drawn (they are in the key). */
export interface MapOverflow {
  legitimacy: number;
  influence: number;
  x: number;
  y: number;
  count: number;
  numbers: number[];
}

export interface MapCell {
  legitimacy: number;
  influence: number;
  x: number;
  y: number;
  size: number;
  count: number;
}

export interface LegendItem {
  kind: "category" | "represented" | "notRepresented";
  label: string;
  colour: string;
  /** Centre of the swatch; the label starts at labelX on the same baseline row. */
  cx: number;
  cy: number;
  labelX: number;
  labelY: number;
}

export interface MapKeyEntry {
  number: number;
  actorId: string;
  name: string;
  categoryId: string | null;
  categoryLabel: string;
  colour: string;
  community: string | null;
  represented: boolean;
  legitimacy: number;
  influence: number;
  /** False when its cell was too full and it is counted in the cell's "+K". */
  drawn: boolean;
}

export interface StakeholderMapLayout {
  width: number;
  height: number;
  plot: { x: number; y: number; size: number; cell: number };
  /** Tick positions: legitimacy 1–5 under the columns, influence 1–5 beside the rows. */
  xTicks: { value: number; x: number; y: number }[];
  yTicks: { value: number; x: number; y: number }[];
  xTitle: { x: number; y: number };
  yTitle: { x: number; y: number };
  cells: MapCell[];
  markers: MapMarker[];
  overflows: MapOverflow[];
  legend: LegendItem[];
  /** The actors drawn (or counted in a "+K"), by number. */
  key: MapKeyEntry[];
  /** Every actor of the map, before filtering. */
  total: number;
}

export const MAP_WIDTH = 400;
export const TEXT_SIZE = 11.5;
export const AXIS_TEXT_SIZE = 12.5;
export const MARKER_RADIUS = 4.5;
export const LINE_HEIGHT = 13;

const PLOT_X = 44;
const PLOT_Y = 8;
const CELL = 70;
const PLOT_SIZE = CELL * 5;
const PAD = 1;
const INNER = CELL - 2 * PAD;
/** Compact cells: chips of a marker and a number, 2 columns × 5 rows. */
const CHIP_COLUMNS = 2;
const CHIP_ROWS = 5;
export const CELL_CAPACITY = CHIP_COLUMNS * CHIP_ROWS;
/** Up to this many actors in a cell, their names are written beside their markers. */
export const NAMED_UP_TO = 2;
/** From a marker's left edge to its text: beside a named marker, and beside a chip's number. */
const TEXT_OFFSET = 2 * MARKER_RADIUS + 4;
const CHIP_TEXT_OFFSET = 2 * MARKER_RADIUS + 1.5;
const LEGEND_ROW = 17;

/**
 * Colours of the categories, in the process's order: each at least 3:1 against white (WCAG 1.4.11
 * for graphics), hues spread so neighbours in the default list differ. More categories than colours
 * reuse them; the key says every actor's category in words, so colour is never the only cue.
 */
export const CATEGORY_PALETTE = ["#0072b2", "#d55e00", "#117733", "#882255", "#8c6d00", "#00838f", "#6a3d9a", "#c2185b", "#4e342e", "#3949ab"] as const;
export const NO_CATEGORY_COLOUR = "#757575";
/** The legend's represented / not represented swatches: shape and stroke only, in a neutral colour. */
export const NEUTRAL_COLOUR = "#333333";

/** A category's colour: its place among the process's categories, so it keeps it whatever the filter. */
export function categoryColour(categories: readonly MapCategory[], categoryId: string | null): string {
  const index = categoryId === null ? -1 : categories.findIndex((c) => c.id === categoryId);
  return index < 0 ? NO_CATEGORY_COLOUR : CATEGORY_PALETTE[index % CATEGORY_PALETTE.length]!;
}

// Advance widths in em, at least those of DejaVu Sans (the wide face most Linux machines fall back
// to; Noto Sans, Arial and the like are narrower), so an estimate never falls short.
const NARROW = new Set("ijl.,:;'’|!");
const SEMI = new Set("tfr()[]-/");
const WIDE = new Set("mw");
const WIDEST = new Set("MW@%");

const charWidths = new Map<string, number>();

function charWidth(ch: string): number {
  let em = charWidths.get(ch);
  if (em !== undefined) return em;
  if (ch === " ") em = 0.32;
  else if (NARROW.has(ch)) em = 0.3;
  else if (SEMI.has(ch)) em = 0.42;
  else if (WIDE.has(ch)) em = 0.98;
  else if (WIDEST.has(ch)) em = 1;
  else if (/[0-9]/.test(ch)) em = 0.64;
  else if (/\p{Lu}/u.test(ch)) em = 0.74;
  else if (ch.charCodeAt(0) > 0x2e7f)
    em = 1; // CJK and the like: full width
  else em = 0.62;
  if (charWidths.size < 4096) charWidths.set(ch, em);
  return em;
}

/** An overestimate of a text's width in a sans-serif face (no font metrics here). */
export function textWidth(text: string, size = TEXT_SIZE): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return em * size;
}

/** Cuts a text to fit `width`, ending with an ellipsis when something was cut. */
export function truncate(text: string, width: number, size = TEXT_SIZE): string {
  if (textWidth(text, size) <= width) return text;
  const room = width - textWidth("…", size);
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch) * size;
    if (used + w > room) break;
    out += ch;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

/**
 * Words of a text in at most `maxLines` lines of `width` (the first line `firstWidth`, narrower
 * when a number precedes it); what does not fit ends the last line with an ellipsis. A first word that
 * does not fit the narrow first line starts on the second; a word longer than a whole line is cut
 * with an ellipsis (the full name is always given elsewhere).
 */
export function fitLines(text: string, width: number, maxLines: number, firstWidth = width, size = TEXT_SIZE): string[] {
  const max = Math.max(1, maxLines);
  const room = (line: number) => (line === 0 ? firstWidth : width);
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const candidate = current ? `${current} ${word}` : word;
    if (textWidth(candidate, size) <= room(lines.length)) {
      current = candidate;
      continue;
    }
    if (lines.length === max - 1) {
      // The last line: what fits of everything left, then an ellipsis.
      lines.push(truncate([candidate, ...words.slice(i + 1)].join(" "), room(lines.length), size));
      return lines;
    }
    if (current) {
      lines.push(current);
      current = "";
      i--; // the word starts the next line
    } else if (lines.length === 0 && firstWidth < width) {
      // Not even the first word fits beside the number: the name starts on the (wider) next line.
      lines.push("");
      i--;
    } else {
      lines.push(truncate(word, room(lines.length), size));
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Positions to a tenth of a unit: shorter markup and page data, the same picture. */
const r1 = (n: number) => Math.round(n * 10) / 10;

const clampScore = (n: number) => Math.min(5, Math.max(1, Math.round(Number.isFinite(n) ? n : 1)));

/** Name order (as the table's): the order numbers follow. */
export const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Number 1..n over every actor of the map, in name order. */
export function actorNumbers(actors: readonly { id: string; name: string }[]): Map<string, number> {
  return new Map([...actors].sort(byName).map((a, i) => [a.id, i + 1]));
}

export function layoutStakeholderMap(input: MapInput): StakeholderMapLayout {
  const { categories, labels, shownIds } = input;
  const numbers = input.numbers ?? actorNumbers(input.actors);
  // Number order is name order; sorting by number also keeps a browser's collation out of it.
  const shown = input.actors.filter((a) => !shownIds || shownIds.has(a.id)).sort((a, b) => numbers.get(a.id)! - numbers.get(b.id)!);

  const cellX = (legitimacy: number) => PLOT_X + (legitimacy - 1) * CELL;
  const cellY = (influence: number) => PLOT_Y + (5 - influence) * CELL;

  const byCell = new Map<string, MapActor[]>();
  for (const actor of shown) {
    const key = `${clampScore(actor.legitimacy)}:${clampScore(actor.influence)}`;
    const list = byCell.get(key) ?? [];
    list.push(actor);
    byCell.set(key, list);
  }

  const cells: MapCell[] = [];
  const markers: MapMarker[] = [];
  const overflows: MapOverflow[] = [];
  const drawn = new Set<string>();
  for (let influence = 5; influence >= 1; influence--) {
    for (let legitimacy = 1; legitimacy <= 5; legitimacy++) {
      const x = cellX(legitimacy);
      const y = cellY(influence);
      const list = byCell.get(`${legitimacy}:${influence}`) ?? [];
      cells.push({ legitimacy, influence, x, y, size: CELL, count: list.length });
      if (!list.length) continue;
      const marker = (actor: MapActor, cx: number, cy: number, textX: number, nameLines: string[], lineX = textX): MapMarker => {
        drawn.add(actor.id);
        return {
          actorId: actor.id,
          number: numbers.get(actor.id)!,
          name: actor.name,
          colour: categoryColour(categories, actor.categoryId),
          represented: actor.represented,
          cx: r1(cx),
          cy: r1(cy),
          textX: r1(textX),
          textY: r1(cy + 4),
          lineX: r1(lineX),
          nameLines,
        };
      };
      if (list.length <= NAMED_UP_TO) {
        // Few actors: one block each, its name on up to 5 lines (one actor) or 2 (two) beside the marker.
        const linesEach = list.length === 1 ? 5 : 2;
        const blockGap = 6;
        let top = y + PAD + 1;
        for (const actor of list) {
          const number = String(numbers.get(actor.id));
          // The first line follows the marker and the number (in bold: bold digits are a little
          // wider); the next ones start under the marker and have the cell's whole width.
          const lineWidth = INNER - 3;
          const firstWidth = INNER - TEXT_OFFSET - 2 - textWidth(`${number} `) * 1.1;
          const lines = fitLines(actor.name, lineWidth, linesEach, firstWidth);
          const cx = x + PAD + MARKER_RADIUS + 1;
          markers.push(marker(actor, cx, top + LINE_HEIGHT / 2, cx - MARKER_RADIUS + TEXT_OFFSET, lines, x + PAD + 1));
          top += linesEach * LINE_HEIGHT + blockGap;
        }
        continue;
      }
      // Many actors: chips (marker and number) in a grid, filled row by row; a full cell keeps
      // its last slot for "+K".
      const full = list.length > CELL_CAPACITY;
      const visible = full ? list.slice(0, CELL_CAPACITY - 1) : list;
      const chipW = INNER / CHIP_COLUMNS;
      const chipH = INNER / CHIP_ROWS;
      const slot = (i: number) => ({ sx: x + PAD + (i % CHIP_COLUMNS) * chipW, sy: y + PAD + Math.floor(i / CHIP_COLUMNS) * chipH });
      visible.forEach((actor, i) => {
        const { sx, sy } = slot(i);
        const cx = sx + MARKER_RADIUS + 1;
        markers.push(marker(actor, cx, sy + chipH / 2, cx - MARKER_RADIUS + CHIP_TEXT_OFFSET, []));
      });
      if (full) {
        const { sx, sy } = slot(CELL_CAPACITY - 1);
        const hidden = list.slice(CELL_CAPACITY - 1);
        overflows.push({
          legitimacy,
          influence,
          x: r1(sx + 2),
          y: r1(sy + chipH / 2 + 4),
          count: hidden.length,
          numbers: hidden.map((a) => numbers.get(a.id)!),
        });
      }
    }
  }

  // Legend, under the x axis title: the categories drawn (in the process's order, then "no
  // category"), flowing left to right; then represented / not represented on their own row.
  const legendTop = PLOT_Y + PLOT_SIZE + 46;
  const usedCategories = new Set(shown.map((a) => a.categoryId));
  const legendEntries: Omit<LegendItem, "cx" | "cy" | "labelX" | "labelY">[] = [
    ...categories.filter((c) => usedCategories.has(c.id)).map((c) => ({ kind: "category" as const, label: c.label, colour: categoryColour(categories, c.id) })),
    ...(usedCategories.has(null) || shown.some((a) => a.categoryId !== null && !categories.some((c) => c.id === a.categoryId))
      ? [{ kind: "category" as const, label: labels.noCategory, colour: NO_CATEGORY_COLOUR }]
      : []),
  ];
  const legend: LegendItem[] = [];
  const left = 8;
  const right = MAP_WIDTH - 8;
  let row = 0;
  let cursor = left;
  const place = (entry: Omit<LegendItem, "cx" | "cy" | "labelX" | "labelY">) => {
    const label = truncate(entry.label, right - left - TEXT_OFFSET);
    const w = TEXT_OFFSET + textWidth(label);
    if (cursor > left && cursor + w > right) {
      row++;
      cursor = left;
    }
    const cy = legendTop + row * LEGEND_ROW + LEGEND_ROW / 2;
    legend.push({ ...entry, label, cx: r1(cursor + MARKER_RADIUS + 1), cy: r1(cy), labelX: r1(cursor + TEXT_OFFSET + 1), labelY: r1(cy + 4) });
    cursor += w + 14;
  };
  legendEntries.forEach(place);
  if (legendEntries.length) {
    row++;
    cursor = left;
  }
  place({ kind: "represented", label: labels.represented, colour: NEUTRAL_COLOUR });
  place({ kind: "notRepresented", label: labels.notRepresented, colour: NEUTRAL_COLOUR });
  const height = Math.ceil(legendTop + (row + 1) * LEGEND_ROW + 6);

  const categoryLabel = (id: string | null) => categories.find((c) => c.id === id)?.label ?? labels.noCategory;
  const key: MapKeyEntry[] = shown.map((a) => ({
    number: numbers.get(a.id)!,
    actorId: a.id,
    name: a.name,
    categoryId: a.categoryId,
    categoryLabel: categoryLabel(a.categoryId),
    colour: categoryColour(categories, a.categoryId),
    community: a.community,
    represented: a.represented,
    legitimacy: clampScore(a.legitimacy),
    influence: clampScore(a.influence),
    drawn: drawn.has(a.id),
  }));

  return {
    width: MAP_WIDTH,
    height,
    plot: { x: PLOT_X, y: PLOT_Y, size: PLOT_SIZE, cell: CELL },
    xTicks: [1, 2, 3, 4, 5].map((value) => ({ value, x: cellX(value) + CELL / 2, y: PLOT_Y + PLOT_SIZE + 15 })),
    yTicks: [1, 2, 3, 4, 5].map((value) => ({ value, x: PLOT_X - 6, y: cellY(value) + CELL / 2 + 4 })),
    xTitle: { x: PLOT_X + PLOT_SIZE / 2, y: PLOT_Y + PLOT_SIZE + 34 },
    yTitle: { x: 14, y: PLOT_Y + PLOT_SIZE / 2 },
    cells,
    markers,
    overflows,
    legend,
    key,
    total: input.total ?? input.actors.length,
  };
}

/**
 * An actor of a view of the map as the page sends it to the browser, which draws the layout again
 * when it hydrates: [id, name, category's index in the process's order (-1: none), community,
 * influence, legitimacy, represented (1) or not (0), number]. A few dozen bytes where the drawn
 * layout of 500 actors would be hundreds of kilobytes of page data.
 */
export type MapRow = [
  id: string,
  name: string,
  category: number,
  community: string | null,
  influence: number,
  legitimacy: number,
  represented: 0 | 1,
  number: number,
];

/** The rows of the actors shown, numbered over every actor of the map (name order). */
export function mapRows(all: readonly StakeholderActor[], shown: readonly StakeholderActor[], categories: readonly MapCategory[]): MapRow[] {
  const numbers = actorNumbers(all);
  const index = new Map(categories.map((c, i) => [c.id, i]));
  return shown.map((a) => [
    a.id,
    a.name,
    a.categoryId === null ? -1 : (index.get(a.categoryId) ?? -1),
    a.community,
    a.influence,
    a.legitimacy,
    isRepresented(a) ? 1 : 0,
    numbers.get(a.id)!,
  ]);
}

/** The drawing of a view from its rows: the same on the server and in the browser. */
export function layoutOfRows(rows: readonly MapRow[], categories: readonly MapCategory[], labels: MapLabels, total: number): StakeholderMapLayout {
  return layoutStakeholderMap({
    actors: rows.map(([id, name, category, community, influence, legitimacy, represented]) => ({
      id,
      name,
      categoryId: categories[category]?.id ?? null,
      community,
      influence,
      legitimacy,
      represented: represented === 1,
    })),
    numbers: new Map(rows.map((r) => [r[0], r[7]])),
    total,
    categories,
    labels,
  });
}

/**
 * The map of a table view: the actors the table's filters keep (in the table's order, for the CSV),
 * their rows, and their drawing, numbered over every actor. Shared by the Map page and the
 * exports, so the file is the picture the reader was looking at.
 */
export function mapOfTableView(
  actors: readonly StakeholderActor[],
  categories: readonly MapCategory[],
  query: TableQuery,
  labels: MapLabels,
): { layout: StakeholderMapLayout; shown: StakeholderActor[]; rows: MapRow[] } {
  const shown = tableView(actors, categories, query, labels.noCategory);
  const rows = mapRows(actors, shown, categories);
  return { layout: layoutOfRows(rows, categories, labels, actors.length), shown, rows };
}
