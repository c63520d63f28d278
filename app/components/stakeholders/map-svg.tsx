// The stakeholder map drawn as SVG from its layout (app/core/stakeholders/map-layout.ts): inline in
// the Map page (rendered on the server, so it shows before any script on a slow link) and, with a
// heading and the numbered key as text, as a standalone SVG file for the export. Every colour is
// a presentation attribute, so the file looks the same outside the app.
import type { ReactNode } from "react";
import { formatDate } from "~/core/dates";
import type { Language } from "~/core/languages";
import {
  AXIS_TEXT_SIZE,
  fitLines,
  LINE_HEIGHT,
  MARKER_RADIUS,
  type MapKeyEntry,
  type MapMarker,
  type StakeholderMapLayout,
  TEXT_SIZE,
} from "~/core/stakeholders/map-layout";

/** The words of the drawing, in the reader's language (built by mapTexts from a translate function). */
export interface MapTexts {
  title: string;
  description: string;
  axisLegitimacy: string;
  axisInfluence: string;
  represented: string;
  notRepresented: string;
  markerTitle: (marker: MapMarker, category: string) => string;
  overflow: (count: number, numbers: number[]) => string;
}

type T = (key: string, options?: Record<string, unknown>) => string;

const SLOT = "\u0000";

/**
 * A message translated once and filled many times: t costs a few microseconds a call, and
 * a 500-actor map (titles, key lines) makes thousands of them on every page. The placeholders are
 * translated as markers, then replaced by the values (never read as translations themselves).
 */
export function messageTemplate<K extends string>(t: T, key: string, names: readonly K[]): (values: Record<K, string | number>) => string {
  const parts = t(key, Object.fromEntries(names.map((n) => [n, `${SLOT}${n}${SLOT}`]))).split(SLOT);
  return (values) => parts.map((part, i) => (i % 2 ? String(values[part as K]) : part)).join("");
}

export function mapTexts(t: T, processTitle: string, shown: number, total: number): MapTexts {
  const represented = t("stakeholders.choices.represented.yes");
  const notRepresented = t("stakeholders.choices.represented.no");
  const markerTitle = messageTemplate(t, "stakeholders.map.markerTitle", ["number", "name", "category", "represented"]);
  const overflow = messageTemplate(t, "stakeholders.map.overflow", ["count", "numbers"]);
  return {
    title: t("stakeholders.map.svgTitle", { process: processTitle }),
    description: t("stakeholders.map.svgDescription", { shown, total }),
    axisLegitimacy: t("stakeholders.map.axisLegitimacy"),
    axisInfluence: t("stakeholders.map.axisInfluence"),
    represented,
    notRepresented,
    markerTitle: (m, category) => markerTitle({ number: m.number, name: m.name, category, represented: m.represented ? represented : notRepresented }),
    overflow: (count, numbers) => overflow({ count, numbers: numbers.join(", ") }),
  };
}

const INK = "#1a1a1a";
const MUTED_INK = "#444444";
const GRID = "#c9c9c9";
const FONT_FAMILY = "'Noto Sans', system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/** Represented: a filled disc. Not represented: a hollow ring with a dashed stroke (never colour alone). */
function Marker({ cx, cy, colour, represented }: { cx: number; cy: number; colour: string; represented: boolean }) {
  return represented ? (
    <circle cx={cx} cy={cy} r={MARKER_RADIUS} fill={colour} stroke={colour} strokeWidth={1.5} />
  ) : (
    <circle cx={cx} cy={cy} r={MARKER_RADIUS} fill="#ffffff" stroke={colour} strokeWidth={2} strokeDasharray="2.4 1.6" />
  );
}

function Chart({ layout, texts, categoryOf }: { layout: StakeholderMapLayout; texts: MapTexts; categoryOf: Map<string, string> }) {
  const { plot } = layout;
  const lines: ReactNode[] = [];
  for (let i = 1; i < 5; i++) {
    const at = i * plot.cell;
    lines.push(<line key={`v${i}`} x1={plot.x + at} y1={plot.y} x2={plot.x + at} y2={plot.y + plot.size} stroke={GRID} strokeWidth={1} />);
    lines.push(<line key={`h${i}`} x1={plot.x} y1={plot.y + at} x2={plot.x + plot.size} y2={plot.y + at} stroke={GRID} strokeWidth={1} />);
  }
  return (
    <g fontFamily={FONT_FAMILY} fontSize={TEXT_SIZE} fill={INK}>
      <rect x={plot.x} y={plot.y} width={plot.size} height={plot.size} fill="#fbfbfb" stroke="#555555" strokeWidth={1.2} />
      {lines}
      <g fontSize={AXIS_TEXT_SIZE} fill={MUTED_INK}>
        {layout.xTicks.map((tick) => (
          <text key={`x${tick.value}`} x={tick.x} y={tick.y} textAnchor="middle">
            {tick.value}
          </text>
        ))}
        {layout.yTicks.map((tick) => (
          <text key={`y${tick.value}`} x={tick.x} y={tick.y} textAnchor="end">
            {tick.value}
          </text>
        ))}
      </g>
      <g fontSize={AXIS_TEXT_SIZE} fontWeight="bold">
        <text x={layout.xTitle.x} y={layout.xTitle.y} textAnchor="middle">
          {`${texts.axisLegitimacy} →`}
        </text>
        <text x={layout.yTitle.x} y={layout.yTitle.y} textAnchor="middle" transform={`rotate(-90 ${layout.yTitle.x} ${layout.yTitle.y})`}>
          {`${texts.axisInfluence} →`}
        </text>
      </g>
      {layout.markers.map((m) => (
        <g key={m.actorId}>
          <title>{texts.markerTitle(m, categoryOf.get(m.actorId) ?? "")}</title>
          <Marker cx={m.cx} cy={m.cy} colour={m.colour} represented={m.represented} />
          <text x={m.textX} y={m.textY}>
            {/* Bold beside a name, to tell the number from it; a chip's number stays regular (it is narrower). */}
            {m.nameLines.length ? <tspan fontWeight="bold">{m.number}</tspan> : m.number}
            {m.nameLines.length ? ` ${m.nameLines[0]}` : null}
            {m.nameLines.slice(1).map((line, n) => {
              const y = Math.round((m.textY + (n + 1) * LINE_HEIGHT) * 10) / 10;
              return (
                <tspan key={y} x={m.lineX} y={y}>
                  {line}
                </tspan>
              );
            })}
          </text>
        </g>
      ))}
      {layout.overflows.map((o) => (
        <text key={`o${o.legitimacy}-${o.influence}`} x={o.x} y={o.y} fontWeight="bold" fill={MUTED_INK}>
          <title>{texts.overflow(o.count, o.numbers)}</title>
          {`+${o.count}`}
        </text>
      ))}
      {layout.legend.map((item) => (
        <g key={`${item.kind}-${item.label}`}>
          {item.kind === "category" ? (
            <rect x={item.cx - MARKER_RADIUS} y={item.cy - MARKER_RADIUS} width={MARKER_RADIUS * 2} height={MARKER_RADIUS * 2} rx={2} fill={item.colour} />
          ) : (
            <Marker cx={item.cx} cy={item.cy} colour={item.colour} represented={item.kind === "represented"} />
          )}
          <text x={item.labelX} y={item.labelY}>
            {item.label}
          </text>
        </g>
      ))}
    </g>
  );
}

export interface StakeholderMapSvgProps {
  layout: StakeholderMapLayout;
  texts: MapTexts;
  language: Language;
  /** Distinguishes the ids of the <title> and <desc> when a page shows more than one map. */
  idPrefix?: string;
  /** How wide the drawing may grow on a wide screen (it always shrinks to its container). */
  maxWidth?: number;
}

const categoryMap = (key: MapKeyEntry[]) => new Map(key.map((k) => [k.actorId, k.categoryLabel]));

/** The map as an inline, accessible image: its title and description are read out; the key below it carries the detail. */
export function StakeholderMapSvg({ layout, texts, language, idPrefix = "stakeholder-map", maxWidth = 760 }: StakeholderMapSvgProps) {
  return (
    <svg
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      role="img"
      aria-labelledby={`${idPrefix}-title ${idPrefix}-desc`}
      lang={language}
      style={{ maxWidth, height: "auto", display: "block" }}
      className="stakeholder-map-svg"
    >
      <title id={`${idPrefix}-title`}>{texts.title}</title>
      <desc id={`${idPrefix}-desc`}>{texts.description}</desc>
      <rect x={0} y={0} width={layout.width} height={layout.height} fill="#ffffff" />
      <Chart layout={layout} texts={texts} categoryOf={categoryMap(layout.key)} />
    </svg>
  );
}

export interface SvgDocumentInput {
  layout: StakeholderMapLayout;
  texts: MapTexts;
  language: Language;
  /** Lines above the drawing: the heading (process), then what was exported and when, then any filter. */
  heading: string;
  meta: string[];
  confidential: string;
  /** One text per actor of the key, in number order (each wrapped to the drawing's width). */
  keyTitle: string;
  keyLines: string[];
}

/**
 * The standalone SVG file of the export: XML declaration, namespaces, the heading and date, the
 * same drawing, and the numbered key as text lines below it (a report can print it as it is).
 */
export async function stakeholderMapSvgDocument(input: SvgDocumentInput): Promise<string> {
  // Loaded here, not at the top: the page's bundle for the browser imports this module for the
  // drawing and must not carry the server renderer.
  const { renderToStaticMarkup } = await import("react-dom/server");
  const { layout, texts, language } = input;
  const margin = 8;
  const textWidth = layout.width - 2 * margin;
  const headingLines = fitLines(input.heading, textWidth, 3, textWidth, 15);
  const metaLines = input.meta.flatMap((m) => fitLines(m, textWidth, 4));
  const confidentialLines = fitLines(input.confidential, textWidth, 3);
  // Every line of text outside the drawing, positioned one after the other (y is unique: the key).
  type Line = { text: string; x: number; y: number; size?: number; weight?: "bold"; fill?: string };
  const top: Line[] = [];
  let y = margin + 15;
  for (const text of headingLines) {
    top.push({ text, x: margin, y, size: 15, weight: "bold" });
    y += 19;
  }
  for (const text of metaLines) {
    top.push({ text, x: margin, y, fill: MUTED_INK });
    y += LINE_HEIGHT + 2;
  }
  for (const text of confidentialLines) {
    top.push({ text, x: margin, y, weight: "bold", fill: "#8a2c0d" });
    y += LINE_HEIGHT + 2;
  }
  const chartTop = Math.ceil(y - 6);
  let keyY = chartTop + layout.height + 18;
  const key: Line[] = [{ text: input.keyTitle, x: margin, y: keyY, size: AXIS_TEXT_SIZE, weight: "bold" }];
  keyY += LINE_HEIGHT + 5;
  for (const entry of input.keyLines) {
    // Continuation lines are indented under the name.
    const [first, ...rest] = fitLines(entry, textWidth - 18, 4, textWidth);
    for (const [text, x] of [[first ?? "", margin] as const, ...rest.map((r) => [r, margin + 18] as const)]) {
      key.push({ text, x, y: keyY });
      keyY += LINE_HEIGHT + 1;
    }
    keyY += 2;
  }
  const lineElement = (l: Line) => (
    <text key={l.y} x={l.x} y={l.y} fontSize={l.size} fontWeight={l.weight} fill={l.fill}>
      {l.text}
    </text>
  );
  const height = Math.ceil(keyY + margin);
  const markup = renderToStaticMarkup(
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${layout.width} ${height}`}
      width={layout.width * 2}
      height={height * 2}
      role="img"
      aria-labelledby="stakeholder-map-title stakeholder-map-desc"
      xmlLang={language}
      lang={language}
    >
      <title id="stakeholder-map-title">{texts.title}</title>
      <desc id="stakeholder-map-desc">{texts.description}</desc>
      <rect x={0} y={0} width={layout.width} height={height} fill="#ffffff" />
      <g fontFamily={FONT_FAMILY} fontSize={TEXT_SIZE} fill={INK}>
        {top.map(lineElement)}
      </g>
      <g transform={`translate(0 ${chartTop})`}>
        <Chart layout={layout} texts={texts} categoryOf={categoryMap(layout.key)} />
      </g>
      <g fontFamily={FONT_FAMILY} fontSize={TEXT_SIZE} fill={INK}>
        {key.map(lineElement)}
      </g>
    </svg>,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${markup}\n`;
}

/**
 * The export's SVG file of a view of the map, worded in the reader's language: the process and
 * the date and time of the export, the view's filters in words, the confidentiality notice, and
 * the numbered key (category, community, representation, position of each actor).
 */
export async function stakeholderMapSvgFile(
  t: T,
  input: { layout: StakeholderMapLayout; language: Language; processTitle: string; exportedAt: number; filters: string },
): Promise<string> {
  const { layout, language } = input;
  const represented = [t("stakeholders.choices.represented.no"), t("stakeholders.choices.represented.yes")];
  const noCommunity = t("stakeholders.map.noCommunity");
  const notDrawn = t("stakeholders.map.notDrawn");
  const keyLine = messageTemplate(t, "stakeholders.map.keyLine", ["number", "name", "category", "community", "represented", "position"]);
  const position = messageTemplate(t, "stakeholders.map.position", ["legitimacy", "influence"]);
  return stakeholderMapSvgDocument({
    layout,
    texts: mapTexts(t, input.processTitle, layout.key.length, layout.total),
    language,
    heading: t("stakeholders.map.documentHeading", { process: input.processTitle }),
    meta: [
      t("stakeholders.map.documentMeta", { shown: layout.key.length, total: layout.total, date: formatDate(input.exportedAt, language, true) }),
      ...(input.filters ? [t("stakeholders.map.documentFilters", { filters: input.filters })] : []),
    ],
    confidential: t("stakeholders.map.confidential"),
    keyTitle: t("stakeholders.map.keyTitle"),
    keyLines: layout.key.map((entry) => {
      const line = keyLine({
        number: entry.number,
        name: entry.name,
        category: entry.categoryLabel,
        community: entry.community ?? noCommunity,
        represented: represented[Number(entry.represented)]!,
        position: position({ legitimacy: entry.legitimacy, influence: entry.influence }),
      });
      return entry.drawn ? line : `${line} · ${notDrawn}`;
    }),
  });
}
