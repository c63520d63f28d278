// PDF renderer: the document (title block, parts, notes, sign-off record) and the signature sheet.
// It lays the export model out and decides nothing: every word comes from the model.
//
// How: content becomes a flat list of rows (one per text line, table row or rule) and frames
// (quote bars, shaded panels spanning rows). Rows are paginated first, then drawn page by page, so
// the page count is known when each footer is written and nothing drawn later can add a page.
// Text lines come from pdf-text.server.ts (fonts per script, bidi, wrapping); every token is drawn
// at its own x with `lineBreak: false`, so pdfkit never wraps or paginates anything itself.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { Block, ExportItem, ExportModel, ExportNote, Field, Inline } from "./model.js";
import { type FontKey, isRtl, type Line, layoutParagraph, type Measure, type Paragraph } from "./pdf-text.server.js";

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 56.69; // 2 cm
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BOTTOM = PAGE_HEIGHT - MARGIN;

const COLOR = {
  text: "#1b1f24",
  muted: "#59626d",
  faint: "#8a929c",
  accent: "#1f4e79",
  rule: "#c5cbd3",
  link: "#1a5fb4",
  codeBackground: "#eceff3",
  bannerFill: "#fff4dc",
  bannerBorder: "#d49a2a",
  notesFill: "#f5f6fa",
  notesBorder: "#9aa5b8",
  approve: "#2e6b30",
  object: "#a3322b",
};
/** Domain tags: a colour per domain key, always with its label (colour is never the only cue). */
const DOMAIN_COLORS = ["#1f6f8b", "#7a4f9a", "#2e7d32", "#b35c00", "#a23b5a", "#4e5d6c"];

const FONT_FILES: Record<FontKey, string> = {
  sans: "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
  "sans-bold": "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
  "sans-italic": "@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf",
  "sans-bold-italic": "@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf",
  arabic: "@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf",
  "arabic-bold": "@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf",
};

// Fonts come from node_modules, read once per process (never system fonts, never the network).
let fontData: Promise<[FontKey, Buffer][]> | null = null;
function loadFonts(): Promise<[FontKey, Buffer][]> {
  if (!fontData) {
    const require = createRequire(import.meta.url);
    fontData = Promise.all(
      (Object.keys(FONT_FILES) as FontKey[]).map(async (key): Promise<[FontKey, Buffer]> => [key, await readFile(require.resolve(FONT_FILES[key]))]),
    ).catch((error) => {
      fontData = null;
      throw error;
    });
  }
  return fontData;
}

// Open fontkit fonts (parsed tables, glyph and shaping caches) are shared by every document:
// parsing them again for each export was most of its render time. pdfkit takes an open fontkit
// font as a font source (PDFFontFactory.open checks for a `layout` method); its types only know
// files and buffers, and the open font is only reachable through the document's current font.
const openFonts = new Map<FontKey, unknown>();

function selectFont(doc: PDFKit.PDFDocument, key: FontKey): PDFKit.PDFDocument {
  doc.font(key);
  if (!openFonts.has(key)) openFonts.set(key, (doc as unknown as { _font: { font: unknown } })._font.font);
  return doc;
}

// Widths at 1 pt per font and string: the same words come back on every page, and fontkit's layout
// (shaping included) is the costly part of measuring. Bounded so a long-lived server cannot grow it forever.
const widths = new Map<string, number>();

function measurer(doc: PDFKit.PDFDocument): Measure {
  return (text, font, size) => {
    const key = font + "\u0000" + text;
    let width = widths.get(key);
    if (width === undefined) {
      if (widths.size > 50_000) widths.clear();
      width = selectFont(doc, font).fontSize(1000).widthOfString(text) / 1000;
      widths.set(key, width);
    }
    return width * size;
  };
}

async function createDocument(model: ExportModel, title: string) {
  const fonts = await loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    // An empty default font: otherwise pdfkit loads Helvetica, and a standard font ends up in the file.
    font: "",
    autoFirstPage: false,
    lang: model.language,
    displayTitle: true,
    pdfVersion: "1.7",
    info: { Title: title, CreationDate: model.generatedAt },
  });
  // Registered by name: a Buffer passed to doc.font() directly would be parsed again on every call.
  for (const [key, data] of fonts) doc.registerFont(key, (openFonts.get(key) ?? data) as Buffer);
  selectFont(doc, "sans");
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, done };
}

interface TextStyle {
  size: number;
  /** Line height in points. */
  leading: number;
  color: string;
  bold?: boolean;
  italic?: boolean;
  /** "start" right-aligns a right-to-left paragraph; "left" keeps the labels' side (table cells, values). */
  align?: "start" | "left";
  direction?: "auto" | "ltr" | "rtl";
  preserveSpaces?: boolean;
  /** Strike every run (a superseded decision). */
  strike?: boolean;
}

const BODY: TextStyle = { size: 10, leading: 14.5, color: COLOR.text, align: "start" };
const FIELD: TextStyle = { size: 9, leading: 13, color: COLOR.text, align: "left" };
const SMALL: TextStyle = { size: 8.5, leading: 12, color: COLOR.text, align: "start" };

/** A table cell: paragraphs stacked, in the row's style unless it has its own colour. */
interface Cell {
  paragraphs: Inline[][];
  color?: string;
}

interface Box {
  left: number;
  right: number;
}

interface Row {
  height: number;
  /** Dropped at the top of a page. */
  spaceBefore: number;
  /** How many following rows must share this row's page (headings, first lines, small panels). */
  keep: number;
  breakBefore: boolean;
  outline?: { title: string; level: 0 | 1 };
  draw(y: number): void;
}

/** A decoration spanning rows (a quote's bar, a panel's background): painted per page, under the rows. */
interface Frame {
  first: number;
  last: number;
  paint(top: number, bottom: number): void;
}

const OUTLINE_OPTIONS = { expanded: false, fit: true };

/** Draws one laid-out line with its top at `top`; tokens are already in visual order. */
function drawLine(doc: PDFKit.PDFDocument, line: Line, left: number, top: number, style: TextStyle) {
  const { size, leading } = style;
  const baseline = top + (leading - size) / 2 + 0.8 * size;
  const tokens = line.tokens;
  const colorOf = (i: number) => (tokens[i]!.run.href ? COLOR.link : style.color);
  // Backgrounds, underlines, strike-throughs and links span consecutive tokens with the same key,
  // spaces between words included, spaces at either end excluded.
  const spans = (key: (i: number) => string | null, each: (x0: number, x1: number, key: string) => void) => {
    let open: { x0: number; x1: number; key: string } | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const k = key(i);
      if (open && k !== open.key) {
        each(open.x0, open.x1, open.key);
        open = null;
      }
      if (k === null || t.space) continue;
      if (open) open.x1 = t.x + t.width;
      else open = { x0: t.x, x1: t.x + t.width, key: k };
    }
    if (open) each(open.x0, open.x1, open.key);
  };
  spans(
    (i) => (tokens[i]!.run.code ? "code" : null),
    (x0, x1) => {
      doc.rect(left + x0 - 1.5, baseline - size * 0.85, x1 - x0 + 3, size * 1.15).fill(COLOR.codeBackground);
    },
  );
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    if (t.space) {
      i++;
      continue;
    }
    // Left-to-right neighbours in one font and colour are drawn as one string (spaces included):
    // fewer text objects, and text extraction reads real spaces. Right-to-left tokens are drawn one
    // by one, since pdfkit would put the words of one string back in logical order.
    let j = i + 1;
    if (t.level % 2 === 0) {
      while (j < tokens.length && tokens[j]!.level % 2 === 0 && tokens[j]!.font === t.font && colorOf(j) === colorOf(i)) j++;
      while (j - 1 > i && tokens[j - 1]!.space) j--;
    }
    let text = t.text;
    for (let k = i + 1; k < j; k++) text += tokens[k]!.text;
    selectFont(doc, t.font)
      .fontSize(size)
      .fillColor(colorOf(i))
      .text(text, left + t.x, baseline, { lineBreak: false, baseline: "alphabetic" });
    i = j;
  }
  const thickness = Math.max(0.5, size * 0.06);
  const rule = (y: number) => (x0: number, x1: number, color: string) => {
    doc
      .save()
      .lineWidth(thickness)
      .strokeColor(color)
      .moveTo(left + x0, y)
      .lineTo(left + x1, y)
      .stroke()
      .restore();
  };
  spans((i) => (tokens[i]!.run.underline || tokens[i]!.run.href ? colorOf(i) : null), rule(baseline + size * 0.14));
  spans((i) => (tokens[i]!.run.strike ? colorOf(i) : null), rule(baseline - size * 0.3));
  spans(
    (i) => tokens[i]!.run.href ?? null,
    (x0, x1, href) => {
      doc.link(left + x0, top, x1 - x0, leading, href);
    },
  );
}

function plainText(runs: Inline[]): string {
  return runs.map((r) => (r.lineBreak ? " " : r.text)).join("");
}

function domainColor(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return DOMAIN_COLORS[hash % DOMAIN_COLORS.length]!;
}

/** The content of a document as rows and frames, then its pages. */
class Flow {
  readonly rows: Row[] = [];
  readonly frames: Frame[] = [];
  private pendingSpace = 0;
  readonly measure: Measure;
  /** Laid-out paragraphs by content and style: field values and names repeat from item to item. */
  private paragraphs = new Map<string, Paragraph>();

  /** `notesLabel` heads the notes of an item, wherever the item is (items may nest in blocks). */
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly notesLabel = "",
  ) {
    this.measure = measurer(doc);
  }

  /** Vertical space before the next row; adjacent gaps collapse to the largest. */
  gap(points: number) {
    this.pendingSpace = Math.max(this.pendingSpace, points);
  }

  push(row: Omit<Row, "spaceBefore" | "keep" | "breakBefore"> & Partial<Row>): number {
    this.rows.push({ keep: 0, breakBefore: false, ...row, spaceBefore: this.pendingSpace + (row.spaceBefore ?? 0) });
    this.pendingSpace = 0;
    return this.rows.length - 1;
  }

  /** Keeps the rows from `first` to the last one pushed, plus `more` rows still to come, on one page. */
  keepFrom(first: number, more: number) {
    const row = this.rows[first];
    if (row) row.keep = this.rows.length - 1 - first + more;
  }

  layout(runs: Inline[], width: number, style: TextStyle): Paragraph {
    const marked = style.strike ? runs.map((r) => ({ ...r, strike: true })) : runs;
    const options = { size: style.size, width, bold: style.bold, italic: style.italic, direction: style.direction, preserveSpaces: style.preserveSpaces };
    const key = JSON.stringify([marked, options]);
    let paragraph = this.paragraphs.get(key);
    if (!paragraph) {
      paragraph = layoutParagraph(marked, options, this.measure);
      this.paragraphs.set(key, paragraph);
    }
    return paragraph;
  }

  lineX(paragraph: Paragraph, line: Line, box: Box, style: TextStyle): number {
    return paragraph.rtl && style.align !== "left" ? box.right - line.width : box.left;
  }

  /** A paragraph: one row per line; its first two and last two lines stay together (no orphan, no widow). */
  text(runs: Inline[], box: Box, style: TextStyle, outline?: Row["outline"]): { paragraph: Paragraph; first: number } {
    const paragraph = this.layout(runs, box.right - box.left, style);
    const first = this.rows.length;
    const n = paragraph.lines.length;
    paragraph.lines.forEach((line, i) => {
      const x = this.lineX(paragraph, line, box, style);
      this.push({
        height: style.leading,
        keep: n > 1 && (i === 0 || i === n - 2) ? 1 : 0,
        outline: i === 0 ? outline : undefined,
        draw: (y) => drawLine(this.doc, line, x, y, style),
      });
    });
    return { paragraph, first };
  }

  /** A heading kept with the `keepNext` rows after it, so it never ends a page alone. */
  heading(runs: Inline[], box: Box, style: TextStyle, keepNext: number, outline?: Row["outline"]) {
    const result = this.text(runs, box, { ...style, bold: true }, outline);
    this.keepFrom(result.first, keepNext);
    return result;
  }

  /** A small bordered label (domain, state) drawn on the last line of a heading when it fits there, else on its own row. */
  chip(label: string, color: string, heading: { paragraph: Paragraph; first: number }, box: Box, style: TextStyle) {
    const chipStyle: TextStyle = { size: 7.5, leading: 11, color, bold: true, align: "left" };
    const text = this.layout([{ text: label }], box.right - box.left - 8, chipStyle);
    const line = text.lines[0]!;
    const width = line.width + 8;
    const lastIndex = this.rows.length - 1;
    const last = heading.paragraph.lines[heading.paragraph.lines.length - 1]!;
    const fitsOnHeading = last.width + 8 + width <= box.right - box.left && lastIndex >= heading.first;
    const paint = (x: number, top: number) => {
      this.doc
        .save()
        .lineWidth(0.8)
        .strokeColor(color)
        .roundedRect(x, top, width, chipStyle.leading + 1, 2.5)
        .stroke()
        .restore();
      drawLine(this.doc, line, x + 4, top + 0.5, chipStyle);
    };
    if (fitsOnHeading) {
      const row = this.rows[lastIndex]!;
      const draw = row.draw;
      const rtl = heading.paragraph.rtl;
      const x = rtl ? box.right - last.width - 8 - width : box.left + last.width + 8;
      const offset = (style.leading - chipStyle.leading) / 2;
      row.draw = (y) => {
        draw(y);
        paint(x, y + offset);
      };
    } else {
      this.push({ height: chipStyle.leading + 4, spaceBefore: 1, draw: (y) => paint(heading.paragraph.rtl ? box.right - width : box.left, y + 1) });
    }
  }

  /** Rows spanning `build` get a frame painted under them on every page they reach. */
  frame(paint: Frame["paint"], build: () => void, options: { padding?: number; keepTogether?: boolean } = {}) {
    const padding = options.padding ?? 0;
    const first = this.rows.length;
    if (padding) this.push({ height: padding, draw: () => {} });
    build();
    if (padding) {
      this.pendingSpace = 0;
      this.push({ height: padding, draw: () => {} });
    }
    const last = this.rows.length - 1;
    if (last < first) return;
    this.frames.push({ first, last, paint });
    let height = 0;
    for (let i = first; i <= last; i++) height += this.rows[i]!.height + (i > first ? this.rows[i]!.spaceBefore : 0);
    if (options.keepTogether && height < (BOTTOM - MARGIN) * 0.45) this.rows[first]!.keep = last - first;
  }

  /** A labelled value per row: label column, then one line per value; a value with a word too wide for its column (a hash) gets a full-width line at a size that fits. */
  fields(fields: Field[], box: Box, style: TextStyle = FIELD) {
    const width = box.right - box.left;
    const labelWidth = Math.min(135, width * 0.3);
    const valueBox = { left: box.left + labelWidth + 10, right: box.right };
    const labelStyle: TextStyle = { ...style, bold: true, color: COLOR.muted, align: "left" };
    for (const field of fields) {
      const label = this.layout([{ text: field.label }], labelWidth, labelStyle);
      const cells: { line: Line; x: number; style: TextStyle; wide: boolean }[] = [];
      for (const value of field.values) {
        const widest = Math.max(0, ...value.split(/\s+/).map((word) => this.measure(word, "sans", style.size)));
        const wide = widest > valueBox.right - valueBox.left;
        const cellStyle: TextStyle = wide ? { ...style, size: Math.max(5.5, Math.min(style.size, (style.size * width) / widest) * 0.98) } : style;
        if (wide) cellStyle.leading = cellStyle.size * 1.45;
        const cellBox = wide ? box : valueBox;
        const paragraph = this.layout([{ text: value }], cellBox.right - cellBox.left, cellStyle);
        for (const line of paragraph.lines) cells.push({ line, x: this.lineX(paragraph, line, cellBox, cellStyle), style: cellStyle, wide });
      }
      const first = this.rows.length;
      const beside = cells.findIndex((c) => c.wide);
      const besideCount = beside === -1 ? cells.length : beside;
      const rowCount = Math.max(label.lines.length, besideCount);
      for (let i = 0; i < rowCount; i++) {
        const labelLine = label.lines[i];
        const cell = i < besideCount ? cells[i] : undefined;
        this.push({
          height: style.leading,
          spaceBefore: i === 0 ? 2 : 0,
          draw: (y) => {
            if (labelLine) drawLine(this.doc, labelLine, box.left, y, labelStyle);
            if (cell) drawLine(this.doc, cell.line, cell.x, y, cell.style);
          },
        });
      }
      for (const cell of cells.slice(besideCount)) {
        this.push({ height: cell.style.leading, draw: (y) => drawLine(this.doc, cell.line, cell.x, y, cell.style) });
      }
      this.keepFrom(first, 0);
    }
  }

  /**
   * One table row: cells of paragraphs, laid out in their columns; the row never splits across
   * pages. `grid` draws every cell's border (the signature sheet), otherwise a rule under the row.
   */
  tableRow(
    cells: Cell[],
    columns: number[],
    box: Box,
    style: TextStyle,
    options: { minHeight?: number; grid?: boolean; fill?: string; keep?: number } = {},
  ): number {
    const padX = 4;
    const padY = 3.5;
    const placed: { line: Line; x: number; dy: number; style: TextStyle }[] = [];
    let height = 0;
    let x = box.left;
    cells.forEach((cell, c) => {
      const cellBox = { left: x + padX, right: x + columns[c]! - padX };
      const cellStyle = cell.color ? { ...style, color: cell.color } : style;
      let dy = padY;
      for (const runs of cell.paragraphs) {
        const paragraph = this.layout(runs, cellBox.right - cellBox.left, cellStyle);
        for (const line of paragraph.lines) {
          placed.push({ line, x: this.lineX(paragraph, line, cellBox, cellStyle), dy, style: cellStyle });
          dy += style.leading;
        }
      }
      height = Math.max(height, dy + padY);
      x += columns[c]!;
    });
    height = Math.max(height, options.minHeight ?? 0);
    const total = columns.reduce((a, b) => a + b, 0);
    return this.push({
      height,
      keep: options.keep ?? 0,
      draw: (y) => {
        const doc = this.doc;
        if (options.fill) doc.rect(box.left, y, total, height).fill(options.fill);
        doc.save().lineWidth(0.6).strokeColor(COLOR.rule);
        if (options.grid) {
          let cx = box.left;
          for (const w of columns) {
            doc.rect(cx, y, w, height);
            cx += w;
          }
          doc.stroke();
        } else {
          doc
            .moveTo(box.left, y + height)
            .lineTo(box.left + total, y + height)
            .stroke();
        }
        doc.restore();
        for (const p of placed) drawLine(doc, p.line, p.x, y + p.dy, p.style);
      },
    });
  }

  /**
   * Places rows on pages, then draws each page: frames first (they are backgrounds), then rows,
   * then the footer, which knows the page count because pagination is done.
   */
  render(footer: (page: number, pages: number) => void) {
    const pages: { index: number; y: number }[][] = [[]];
    let y = MARGIN;
    const rows = this.rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      let page = pages[pages.length - 1]!;
      const newPage = () => {
        page = [];
        pages.push(page);
        y = MARGIN;
      };
      if (row.breakBefore && page.length) newPage();
      const gap = page.length ? row.spaceBefore : 0;
      let kept = row.height;
      for (let k = i + 1; k <= Math.min(rows.length - 1, i + row.keep) && !rows[k]!.breakBefore; k++) kept += rows[k]!.spaceBefore + rows[k]!.height;
      const keepFits = kept <= BOTTOM - MARGIN;
      if (page.length && (y + gap + row.height > BOTTOM || (keepFits && y + gap + kept > BOTTOM))) newPage();
      y += page.length ? row.spaceBefore : 0;
      page.push({ index: i, y });
      y += row.height;
    }
    let section: PDFKit.PDFOutline | null = null;
    pages.forEach((page, p) => {
      this.doc.addPage();
      if (page.length) {
        const from = page[0]!.index;
        const to = page[page.length - 1]!.index;
        for (const frame of this.frames) {
          if (frame.last < from || frame.first > to) continue;
          const a = page[Math.max(frame.first, from) - from]!;
          const b = page[Math.min(frame.last, to) - from]!;
          frame.paint(a.y, b.y + rows[b.index]!.height);
        }
      }
      for (const { index, y: top } of page) {
        const row = rows[index]!;
        if (row.outline) {
          const parent = row.outline.level === 1 && section ? section : this.doc.outline;
          const item = parent.addItem(row.outline.title, OUTLINE_OPTIONS);
          if (row.outline.level === 0) section = item;
        }
        row.draw(top);
      }
      footer(p + 1, pages.length);
    });
  }
}

/** The footer of every page: the model's footer text (with the short hash) left, "Page N of M" right. */
function drawFooter(flow: Flow, model: ExportModel, page: number, pages: number) {
  const style: TextStyle = { size: 8, leading: 10.5, color: COLOR.muted, align: "left" };
  const top = BOTTOM + 14;
  const doc = flow.doc;
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .moveTo(MARGIN, top - 5)
    .lineTo(PAGE_WIDTH - MARGIN, top - 5)
    .stroke()
    .restore();
  const numbering = flow.layout([{ text: `${model.footer.pageLabel} ${page} ${model.footer.ofLabel} ${pages}` }], CONTENT_WIDTH, style).lines[0]!;
  drawLine(doc, numbering, PAGE_WIDTH - MARGIN - numbering.width, top, style);
  const text = flow.layout([{ text: model.footer.text }], CONTENT_WIDTH - numbering.width - 16, style);
  text.lines.slice(0, 2).forEach((line, i) => {
    drawLine(doc, line, MARGIN, top + i * style.leading, style);
  });
}

/** A hash on one line of its own, as large as `size` when it fits: read and compared by people, and extracted as one string. */
function hashLine(flow: Flow, hash: string, box: Box, size: number) {
  const width = flow.measure(hash, "sans", 1);
  const fitted = Math.max(5.5, Math.min(size, ((box.right - box.left) / width) * 0.99));
  flow.text([{ text: hash }], box, { size: fitted, leading: fitted * 1.45, color: COLOR.text, align: "left", direction: "ltr" });
}

const FULL: Box = { left: MARGIN, right: PAGE_WIDTH - MARGIN };

function titleBlock(flow: Flow, model: ExportModel) {
  flow.text([{ text: model.processTitle }], FULL, { size: 11, leading: 15, color: COLOR.accent, bold: true, align: "start" });
  flow.text([{ text: model.locality }], FULL, { size: 9.5, leading: 13, color: COLOR.muted, align: "start" });
  flow.gap(10);
  flow.text([{ text: model.documentTitle }], FULL, { size: 20, leading: 25, color: COLOR.text, bold: true, align: "start" });
  flow.gap(6);
  flow.push({
    height: 8,
    draw: (y) => {
      flow.doc.rect(MARGIN, y + 2, CONTENT_WIDTH, 1.6).fill(COLOR.accent);
    },
  });
  flow.gap(6);
  flow.fields(model.meta, FULL);
  for (const banner of model.banners) {
    flow.gap(10);
    const style: TextStyle = { ...BODY, bold: true, color: "#6b4500" };
    flow.frame(
      (top, bottom) => {
        flow.doc
          .save()
          .lineWidth(0.8)
          .rect(MARGIN, top, CONTENT_WIDTH, bottom - top)
          .fillAndStroke(COLOR.bannerFill, COLOR.bannerBorder)
          .restore();
      },
      () => flow.text([{ text: banner }], { left: MARGIN + 10, right: PAGE_WIDTH - MARGIN - 10 }, style),
      { padding: 7, keepTogether: true },
    );
  }
  flow.gap(model.banners.length ? 14 : 0);
}

/** The blocks of a body or a quote, inside `box`, in `style` (a quote's muted colour flows down). */
function blocks(flow: Flow, list: Block[], box: Box, style: TextStyle, tight = false) {
  for (const block of list) {
    switch (block.type) {
      case "paragraph":
        flow.gap(tight ? 2 : 6);
        flow.text(block.content, box, style);
        break;
      case "heading": {
        const size = [12, 11, 10][block.level - 1]!;
        flow.gap(10);
        flow.heading(block.content, box, { ...style, size, leading: size * 1.4 }, 3);
        break;
      }
      case "list":
        flow.gap(tight ? 2 : 5);
        listBlock(flow, block, box, style);
        break;
      case "quote":
        flow.gap(6);
        flow.frame(
          (top, bottom) => {
            flow.doc.rect(box.left + 1, top, 2.5, bottom - top).fill(COLOR.rule);
          },
          () => blocks(flow, block.content, { left: box.left + 14, right: box.right }, { ...style, color: COLOR.muted }, true),
          { padding: 2 },
        );
        break;
      case "code": {
        flow.gap(6);
        const codeStyle: TextStyle = { size: 9, leading: 13, color: COLOR.text, direction: "ltr", align: "left", preserveSpaces: true };
        const inner = { left: box.left + 8, right: box.right - 8 };
        flow.frame(
          (top, bottom) => {
            flow.doc.rect(box.left, top, box.right - box.left, bottom - top).fill(COLOR.codeBackground);
          },
          () => {
            for (const line of block.text.replace(/\t/g, "    ").split("\n")) flow.text([{ text: line }], inner, codeStyle);
          },
          { padding: 5 },
        );
        break;
      }
      case "rule":
        flow.gap(6);
        flow.push({
          height: 10,
          draw: (y) => {
            flow.doc
              .save()
              .lineWidth(0.8)
              .strokeColor(COLOR.rule)
              .moveTo(box.left, y + 5)
              .lineTo(box.right, y + 5)
              .stroke()
              .restore();
          },
        });
        break;
      case "item":
        itemPart(flow, block, box, true);
        break;
      default: {
        const never: never = block;
        throw new Error(`Unknown block ${JSON.stringify(never)}`);
      }
    }
  }
}

function listBlock(flow: Flow, list: Extract<Block, { type: "list" }>, box: Box, style: TextStyle) {
  const markers = list.items.map((_, i) => (list.ordered ? `${list.start + i}.` : "•"));
  const markerStyle: TextStyle = { ...style, align: "left", direction: "ltr" };
  const widest = Math.max(...markers.map((m) => flow.measure(m, "sans", style.size)));
  const indent = Math.max(14, widest + 7);
  const start = flow.rows.length;
  list.items.forEach((itemBlocks, i) => {
    // The marker goes on the side a right-to-left item starts on.
    const first = itemBlocks[0];
    const rtl = first?.type === "paragraph" && isRtl(plainText(first.content));
    const inner = rtl ? { left: box.left, right: box.right - indent } : { left: box.left + indent, right: box.right };
    const firstRow = flow.rows.length;
    if (i > 0) flow.gap(2);
    blocks(flow, itemBlocks, inner, style, true);
    const row = flow.rows[firstRow];
    if (!row) return;
    const marker = flow.layout([{ text: markers[i]! }], indent, markerStyle).lines[0]!;
    const x = rtl ? box.right - indent + 5 : box.left + indent - 5 - marker.width;
    const draw = row.draw;
    row.draw = (y) => {
      draw(y);
      drawLine(flow.doc, marker, x, y, markerStyle);
    };
  });
  // A short list is not split across pages (a lone "1." at a page's foot).
  if (flow.rows.length - start <= 5) flow.keepFrom(start, 0);
}

function notesPanel(flow: Flow, notes: ExportNote[], title: string | null, box: Box) {
  const inner = { left: box.left + 10, right: box.right - 10 };
  flow.gap(8);
  flow.frame(
    (top, bottom) => {
      flow.doc
        .save()
        .lineWidth(0.8)
        .rect(box.left, top, box.right - box.left, bottom - top)
        .fillAndStroke(COLOR.notesFill, COLOR.notesBorder)
        .restore();
    },
    () => {
      if (title) flow.heading([{ text: title }], inner, { ...SMALL, size: 9.5, leading: 13, color: COLOR.accent }, 2);
      notes.forEach((note, n) => {
        flow.gap(n === 0 && title ? 3 : 7);
        flow.heading([{ text: `${note.ref} · ${note.heading}` }], inner, SMALL, 1);
        if (note.quote) flow.text([{ text: note.quote, italic: true }], { left: inner.left + 8, right: inner.right }, { ...SMALL, color: COLOR.muted });
        for (const message of note.messages) {
          flow.gap(1.5);
          flow.text(
            [{ text: message.author, bold: true }, { text: ` (${message.at}): ` }, { text: message.text }],
            { left: inner.left + 8, right: inner.right },
            SMALL,
          );
        }
      });
    },
    { padding: 6, keepTogether: true },
  );
}

function itemPart(flow: Flow, item: ExportItem, box: Box, nested: boolean) {
  flow.gap(nested ? 10 : 16);
  const size = nested ? 11 : 12.5;
  const style: TextStyle = { size, leading: size * 1.35, color: COLOR.text, align: "start" };
  const heading = flow.heading(
    [{ text: `${item.number}. ` }, { text: item.title }],
    box,
    style,
    3,
    nested ? undefined : { title: `${item.number}. ${item.title}`, level: 1 },
  );
  flow.chip(item.domain.label, domainColor(item.domain.key), heading, box, style);
  flow.gap(3);
  flow.fields(item.fields, { left: box.left + 12, right: box.right });
  blocks(flow, item.body, box, BODY);
  if (item.notes.length) notesPanel(flow, item.notes, flow.notesLabel, box);
}

function signoff(flow: Flow, record: NonNullable<ExportModel["signoff"]>) {
  const first = flow.rows.length;
  flow.heading([{ text: record.title }], FULL, { size: 15, leading: 20, color: COLOR.accent, align: "start" }, 3, { title: record.title, level: 0 });
  flow.rows[first]!.breakBefore = true;
  flow.gap(4);
  flow.fields(record.rows, FULL);
  const columns = [0.3, 0.15, 0.2, 0.35].map((share) => share * CONTENT_WIDTH);
  const headings = record.columns.slice(2, 6).map((text): Cell => ({ paragraphs: [[{ text }]] }));
  for (const category of record.categories) {
    flow.gap(16);
    const style: TextStyle = { size: 12, leading: 16, color: COLOR.text, align: "start" };
    const heading = flow.heading([{ text: category.name }], FULL, style, 3);
    flow.chip(category.state, COLOR.accent, heading, FULL, style);
    flow.gap(4);
    flow.tableRow(headings, columns, FULL, { ...FIELD, bold: true, color: COLOR.muted }, { keep: 1 });
    for (const d of category.decisions) {
      // A superseded decision stays, greyed and struck through (the model has no word for "superseded").
      const rowStyle: TextStyle = { ...FIELD, color: d.superseded ? COLOR.faint : COLOR.text, strike: d.superseded };
      const remarks = [d.reason, d.inPerson].filter((t): t is string => !!t).map((text): Inline[] => [{ text }]);
      const cells: Cell[] = [
        { paragraphs: [[{ text: d.who }]] },
        { paragraphs: [[{ text: d.decision, bold: true }]], color: d.superseded ? undefined : d.approve ? COLOR.approve : COLOR.object },
        { paragraphs: [[{ text: d.at }]] },
        { paragraphs: remarks },
      ];
      flow.tableRow(cells, columns, FULL, rowStyle);
    }
  }
  if (record.history.length) {
    flow.gap(14);
    listBlock(
      flow,
      { type: "list", ordered: false, start: 1, items: record.history.map((text): Block[] => [{ type: "paragraph", content: [{ text }] }]) },
      FULL,
      { ...FIELD, align: "start" },
    );
  }
}

/** The document as a PDF: title block, parts, notes, sign-off record; footer with short hash and page numbers on every page. */
export async function renderPdf(model: ExportModel): Promise<Buffer> {
  const { doc, done } = await createDocument(model, model.documentTitle);
  const flow = new Flow(doc, model.notesLabels.notes);
  titleBlock(flow, model);
  for (const part of model.parts) {
    if (part.type === "section") {
      flow.gap(24);
      const style: TextStyle = { size: 15, leading: 20, color: COLOR.accent, align: "start" };
      flow.heading([{ text: part.title }], FULL, style, 4, { title: part.title, level: 0 });
      const last = flow.rows[flow.rows.length - 1]!;
      const draw = last.draw;
      last.draw = (y) => {
        draw(y);
        flow.doc.rect(MARGIN, y + style.leading + 1, CONTENT_WIDTH, 0.8).fill(COLOR.rule);
      };
      flow.gap(4);
    } else if (part.type === "item") {
      itemPart(flow, part, FULL, false);
    } else {
      blocks(flow, [part], FULL, BODY);
    }
  }
  if (model.otherNotes.length) {
    flow.gap(24);
    flow.heading([{ text: model.notesLabels.other }], FULL, { size: 15, leading: 20, color: COLOR.accent, align: "start" }, 3, {
      title: model.notesLabels.other,
      level: 0,
    });
    notesPanel(flow, model.otherNotes, null, FULL);
  }
  if (model.signoff) signoff(flow, model.signoff);
  flow.render((page, pages) => drawFooter(flow, model, page, pages));
  doc.end();
  return done;
}

/** The signature sheet: one page per required category, each with the full hash and a ruled table of empty lines tall enough for a thumbprint. */
export async function renderSignatureSheet(model: ExportModel): Promise<Buffer> {
  const sheet = model.signatureSheet;
  if (!sheet) throw new Error("renderSignatureSheet: the model has no signature sheet");
  const { doc, done } = await createDocument(model, `${sheet.title} · ${model.documentTitle}`);
  const flow = new Flow(doc);
  // The hash's label is the document facts' own (the sheet has none): the row whose value is the hash.
  const hashLabel = model.meta.find((field) => field.values.includes(model.version.hash))?.label;
  const columns = [0.27, 0.37, 0.14, 0.22].map((share) => share * CONTENT_WIDTH);
  sheet.categories.forEach((category) => {
    const first = flow.rows.length;
    flow.text([{ text: sheet.title }], FULL, { size: 10, leading: 14, color: COLOR.accent, bold: true, align: "start" });
    flow.rows[first]!.breakBefore = true;
    flow.text([{ text: model.documentTitle }], FULL, { size: 13, leading: 17, color: COLOR.text, bold: true, align: "start" });
    flow.text([{ text: model.processTitle }], FULL, { size: 10, leading: 14, color: COLOR.muted, align: "start" });
    flow.gap(18);
    flow.text([{ text: category.name }], FULL, { size: 22, leading: 28, color: COLOR.text, bold: true, align: "start" }, { title: category.name, level: 0 });
    flow.gap(8);
    flow.text([{ text: sheet.intro }], FULL, BODY);
    flow.gap(8);
    if (hashLabel) flow.text([{ text: hashLabel }], FULL, { ...FIELD, bold: true, color: COLOR.muted });
    hashLine(flow, model.version.hash, FULL, 11);
    flow.gap(16);
    flow.tableRow(
      sheet.columns.map((text): Cell => ({ paragraphs: [[{ text }]] })),
      columns,
      FULL,
      { ...FIELD, bold: true, color: COLOR.muted, align: "left" },
      { grid: true, fill: COLOR.notesFill, keep: 1 },
    );
    // Empty rows 1.6 cm tall, room for a signature or a thumbprint; shorter (down to 1 cm) when
    // that keeps all of a category's lines on its page.
    let used = 0;
    for (let i = first; i < flow.rows.length; i++) used += flow.rows[i]!.height + (i > first ? flow.rows[i]!.spaceBefore : 0);
    const height = Math.min(45.35, Math.max(28.35, (BOTTOM - MARGIN - used) / Math.max(1, sheet.lines)));
    const empty = columns.map((): Cell => ({ paragraphs: [] }));
    for (let i = 0; i < sheet.lines; i++) flow.tableRow(empty, columns, FULL, FIELD, { grid: true, minHeight: height });
  });
  flow.render((page, pages) => drawFooter(flow, model, page, pages));
  doc.end();
  return done;
}
