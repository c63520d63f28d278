// The DOCX renderer: lays an ExportModel out as a real Word document (built-in heading styles,
// Word lists, tables, comments, page fields), so that a team can keep editing it in Word or
// LibreOffice. It decides nothing: every word comes from the model.
import {
  AlignmentType,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  ExternalHyperlink,
  type FileChild,
  Footer,
  HeadingLevel,
  type ICommentOptions,
  type ILevelsOptions,
  type IParagraphOptions,
  type IRunPropertiesOptions,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Block, CategoryRecord, DecisionRecord, ExportItem, ExportModel, ExportNote, Field, Inline } from "./model.js";

// A4 in twentieths of a point, 2.5 cm margins.
const PAGE_WIDTH = 11906;
const PAGE_HEIGHT = 16838;
const MARGIN = 1417;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

// Arial has Latin and Arabic glyphs on Windows; LibreOffice substitutes a metric-compatible font
// and falls back per glyph, so one family serves both scripts (ascii/hAnsi and complex script).
const FONT = "Arial";
const MONO = "Courier New";
const BODY_SIZE = 22; // half-points: 11 pt
const SMALL_SIZE = 18;
const ACCENT = "1F3864";
const MUTED = "595959";
const LABEL_FILL = "F2F2F2";
const LIST_INDENT = 720;

const LANGUAGE_TAGS: Record<ExportModel["language"], string> = { fr: "fr-FR", en: "en-GB" };

const ARABIC_CHARS = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF";
const ARABIC = new RegExp(`[${ARABIC_CHARS}]`);
// Arabic words with the spaces between them form one right-to-left run: splitting at each space
// would let Word order a multi-word name word by word from the left.
const ARABIC_SEGMENT = new RegExp(`[${ARABIC_CHARS}]+(?:[\\s\u200C\u200D]+[${ARABIC_CHARS}]+)*`, "g");
const STRONG = /\p{L}/u;

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

/** Heading N (1–6); deeper nesting than Word has stays at Heading 6. */
function heading(level: number) {
  return HEADINGS[Math.min(Math.max(level, 1), HEADINGS.length) - 1];
}

/** Whether a paragraph reads right to left: its first letter decides, as in the Unicode bidi algorithm. */
function startsRightToLeft(text: string): boolean {
  const first = STRONG.exec(text);
  return first !== null && ARABIC.test(first[0]);
}

/** Text as runs, Arabic-script stretches in their own right-to-left runs. */
function runs(text: string, props: IRunPropertiesOptions = {}): TextRun[] {
  const out: TextRun[] = [];
  let last = 0;
  for (const match of text.matchAll(ARABIC_SEGMENT)) {
    if (match.index > last) out.push(new TextRun({ ...props, text: text.slice(last, match.index) }));
    out.push(new TextRun({ ...props, text: match[0], rightToLeft: true }));
    last = match.index + match[0].length;
  }
  if (last < text.length || out.length === 0) out.push(new TextRun({ ...props, text: text.slice(last) }));
  return out;
}

/** Only the marks that are on: an explicit "off" would override the paragraph style (a quote's italics). */
function marks(inline: Inline, base: IRunPropertiesOptions): IRunPropertiesOptions {
  return {
    ...base,
    ...(inline.bold && { bold: true }),
    ...(inline.italic && { italics: true }),
    ...(inline.underline && { underline: {} }),
    ...(inline.strike && { strike: true }),
    ...(inline.code && { font: MONO }),
  };
}

function inlines(content: Inline[], base: IRunPropertiesOptions = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const inline of content) {
    if (inline.lineBreak) {
      out.push(new TextRun({ break: 1 }));
    } else if (inline.href) {
      out.push(new ExternalHyperlink({ link: inline.href, children: runs(inline.text, { ...marks(inline, base), style: "Hyperlink" }) }));
    } else {
      out.push(...runs(inline.text, marks(inline, base)));
    }
  }
  return out;
}

function plain(content: Inline[]): string {
  return content.map((inline) => inline.text).join("");
}

/** A paragraph whose direction follows its text. */
function paragraph(children: ParagraphChild[], text: string, options: IParagraphOptions = {}): Paragraph {
  return new Paragraph({ ...options, children, ...(startsRightToLeft(text) && { bidirectional: true }) });
}

function textParagraph(text: string, props: IRunPropertiesOptions = {}, options: IParagraphOptions = {}): Paragraph {
  return paragraph(runs(text, props), text, options);
}

const TIGHT = { spacing: { before: 0, after: 0 } };

function cell(children: Paragraph[], width: number, fill?: string): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    ...(fill && { shading: { type: ShadingType.CLEAR, color: "auto", fill } }),
  });
}

/**
 * Follows every table: without it the next paragraph would touch the table's bottom border, and
 * two consecutive tables would merge into one in Word.
 */
function spacer(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 0, line: 120, lineRule: LineRuleType.EXACT } });
}

function table(rows: TableRow[], columnWidths: number[]): Table {
  return new Table({
    rows,
    columnWidths,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    margins: { top: 40, bottom: 40, left: 100, right: 100 },
  });
}

/** Labelled rows (label | one line per value). One paragraph per value, so that each line takes its own direction. */
function fieldTable(fields: Field[]): Table {
  const labelWidth = Math.round(TEXT_WIDTH * 0.3);
  const widths = [labelWidth, TEXT_WIDTH - labelWidth];
  const rows = fields.map(
    (field) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([textParagraph(field.label, { bold: true }, TIGHT)], widths[0], LABEL_FILL),
          cell(
            field.values.map((value) => textParagraph(value, {}, TIGHT)),
            widths[1],
          ),
        ],
      }),
  );
  return table(rows, widths);
}

/** A comment reference must sit inside a run; docx's run options do not type it as a child. */
function commentReference(id: number): TextRun {
  const run = new TextRun({ style: "CommentReference" });
  run.addChildElement(new CommentReference(id));
  return run;
}

/** Wraps children in one comment range per id. */
function commented(children: ParagraphChild[], ids: number[]): ParagraphChild[] {
  if (ids.length === 0) return children;
  return [...ids.map((id) => new CommentRangeStart(id)), ...children, ...ids.flatMap((id) => [new CommentRangeEnd(id), commentReference(id)])];
}

function listLevels(ordered: boolean, depth: number, start: number): ILevelsOptions[] {
  // Nine levels so that indenting in Word still works; level 0 sits at the list's own depth.
  return Array.from({ length: 9 }, (_, level) => {
    const visual = depth + level;
    const indent = { left: LIST_INDENT * (visual + 1), hanging: 360 };
    if (!ordered) {
      return { level, format: LevelFormat.BULLET, text: visual % 2 ? "–" : "•", alignment: AlignmentType.LEFT, style: { paragraph: { indent } } };
    }
    const formats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
    return {
      level,
      format: formats[visual % formats.length],
      text: `%${level + 1}.`,
      start: level === 0 ? start : 1,
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent } },
    };
  });
}

interface Context {
  /** The heading level of the enclosing item: its body headings sit below it, a nested item one level lower. */
  level: number;
  /** How many lists enclose the blocks. */
  listDepth: number;
  quote: boolean;
}

// Text outside any item is laid out as if in a top-level item's body.
const TOP: Context = { level: 2, listDepth: 0, quote: false };

class DocxLayout {
  readonly comments: ICommentOptions[] = [];
  readonly numbering = new Map<string, ILevelsOptions[]>();
  /** Instance 0 is shared by all bullet lists; each ordered list takes the next one. */
  private listInstance = 1;
  private readonly openQuote: string;
  private readonly closeQuote: string;
  private readonly colon: string;

  constructor(private readonly model: ExportModel) {
    // Typography, not wording: French puts no-break spaces inside guillemets and before a colon.
    const french = model.language === "fr";
    this.openQuote = french ? "«\u00A0" : "“";
    this.closeQuote = french ? "\u00A0»" : "”";
    this.colon = french ? "\u00A0: " : ": ";
  }

  body(): FileChild[] {
    const m = this.model;
    const out: FileChild[] = [
      textParagraph(m.processTitle, { bold: true, color: ACCENT }, { spacing: { after: 0 } }),
      textParagraph(m.locality, { color: MUTED }),
      textParagraph(m.documentTitle, {}, { heading: HeadingLevel.TITLE }),
    ];
    if (m.meta.length > 0) out.push(fieldTable(m.meta), spacer());
    for (const banner of m.banners) out.push(this.banner(banner));
    for (const part of m.parts) {
      if (part.type === "section") out.push(textParagraph(part.title, {}, { heading: HeadingLevel.HEADING_1 }));
      else if (part.type === "item") out.push(...this.item(part, 2));
      else out.push(...this.block(part, TOP));
    }
    if (m.otherNotes.length > 0) {
      out.push(textParagraph(m.notesLabels.other, {}, { heading: HeadingLevel.HEADING_1 }));
      for (const note of m.otherNotes) {
        const text = `${note.ref} · ${note.heading}`;
        out.push(paragraph(commented(runs(text), [this.comment(note)]), text));
      }
    }
    if (m.signoff) out.push(...this.signoff());
    return out;
  }

  footer(): Footer {
    const { text, pageLabel, ofLabel } = this.model.footer;
    const numbers = new TextRun({ children: [new Tab(), `${pageLabel} `, PageNumber.CURRENT, ` ${ofLabel} `, PageNumber.TOTAL_PAGES] });
    return new Footer({ children: [paragraph([...runs(text), numbers], text, { style: "Footer" })] });
  }

  private banner(text: string): Paragraph {
    const line = { style: BorderStyle.SINGLE, size: 8, color: "BF9000", space: 4 };
    return textParagraph(
      text,
      { bold: true },
      {
        shading: { type: ShadingType.CLEAR, color: "auto", fill: "FFF2CC" },
        border: { top: line, bottom: line, left: line, right: line },
        spacing: { before: 240, after: 240 },
      },
    );
  }

  private block(block: Block, ctx: Context): FileChild[] {
    switch (block.type) {
      case "paragraph":
        return [this.paragraphBlock(block.content, ctx)];
      case "heading":
        return [paragraph(inlines(block.content), plain(block.content), { heading: heading(ctx.level + block.level) })];
      case "list":
        return this.list(block, ctx);
      case "quote":
        return block.content.flatMap((inner) => this.block(inner, { ...ctx, quote: true }));
      case "code":
        return [this.code(block.text, ctx)];
      case "rule":
        return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "A6A6A6", space: 1 } } })];
      case "item":
        return this.item(block, ctx.level + 1);
    }
  }

  /** Paragraph options that place a block inside its lists and quotes. */
  private placement(ctx: Context): IParagraphOptions {
    // Inside a list the text lines up with the entry's text; a quote there adds its own indent.
    const left = LIST_INDENT * ctx.listDepth + (ctx.quote ? 567 : 0);
    return { ...(ctx.quote && { style: "Quote" }), ...(ctx.listDepth > 0 && { indent: { left } }) };
  }

  private paragraphBlock(content: Inline[], ctx: Context): Paragraph {
    return paragraph(inlines(content), plain(content), this.placement(ctx));
  }

  private code(text: string, ctx: Context): Paragraph {
    const lines = text.split("\n");
    const children = lines.flatMap((line, i) => [...(i > 0 ? [new TextRun({ break: 1 })] : []), ...runs(line)]);
    return paragraph(children, text, { ...this.placement(ctx), style: "Code" });
  }

  private list(block: Extract<Block, { type: "list" }>, ctx: Context): FileChild[] {
    const reference = this.listReference(block.ordered, ctx.listDepth, block.ordered ? block.start : 1);
    const instance = block.ordered ? this.listInstance++ : 0;
    const inner: Context = { ...ctx, listDepth: ctx.listDepth + 1 };
    const out: FileChild[] = [];
    for (const entry of block.items) {
      // The entry's first paragraph carries the marker; an entry opening with anything else (rare) has none.
      entry.forEach((child, i) => {
        if (i === 0 && child.type === "paragraph") {
          const { style } = this.placement(ctx);
          out.push(paragraph(inlines(child.content), plain(child.content), { style, numbering: { reference, level: 0, instance } }));
        } else {
          out.push(...this.block(child, inner));
        }
      });
    }
    return out;
  }

  private listReference(ordered: boolean, depth: number, start: number): string {
    // One instance per ordered list: docx gives each instance its own w:num with a start
    // override, so every ordered list restarts instead of continuing the previous one. Bullets
    // have nothing to restart and share instance 0: docx rewrites the whole document once per
    // instance, which is most of the time spent on a long document.
    const reference = ordered ? `ordered-${depth}-${start}` : `bullet-${depth}`;
    if (!this.numbering.has(reference)) this.numbering.set(reference, listLevels(ordered, depth, start));
    return reference;
  }

  private item(item: ExportItem, level: number): FileChild[] {
    const title = `${item.number}. ${item.title}`;
    const ids = item.notes.map((note) => this.comment(note));
    const out: FileChild[] = [
      paragraph(commented(runs(title), ids), title, { heading: heading(level) }),
      textParagraph(
        `${this.model.domainLabel}: ${item.domain.label}`,
        { italics: true, color: MUTED, size: SMALL_SIZE },
        { keepNext: true, spacing: { after: 60 } },
      ),
    ];
    if (item.fields.length > 0) out.push(fieldTable(item.fields), spacer());
    for (const block of item.body) out.push(...this.block(block, { level, listDepth: 0, quote: false }));
    return out;
  }

  private comment(note: ExportNote): number {
    const id = this.comments.length;
    const style = { style: "CommentText" };
    const children: Paragraph[] = [textParagraph(`${note.ref} · ${note.heading}`, { bold: true }, style)];
    if (note.quote) children.push(textParagraph(`${this.openQuote}${note.quote}${this.closeQuote}`, { italics: true }, style));
    for (const message of note.messages) {
      const who = `${message.author} (${message.at})`;
      children.push(paragraph([...runs(who, { bold: true }), ...runs(`${this.colon}${message.text}`)], who + message.text, style));
    }
    this.comments.push({ id, author: note.messages[0]?.author, initials: note.initials, date: note.createdAt, children });
    return id;
  }

  private signoff(): FileChild[] {
    const record = this.model.signoff;
    if (!record) return [];
    const out: FileChild[] = [textParagraph(record.title, {}, { heading: HeadingLevel.HEADING_1, pageBreakBefore: true })];
    if (record.rows.length > 0) out.push(fieldTable(record.rows), spacer());
    out.push(this.decisionTable(record.columns, record.categories), spacer());
    if (record.history.length > 0) {
      const reference = this.listReference(false, 0, 1);
      for (const line of record.history) out.push(textParagraph(line, {}, { numbering: { reference, level: 0, instance: 0 } }));
    }
    return out;
  }

  private decisionTable(columns: string[], categories: CategoryRecord[]): Table {
    const shares = [0.16, 0.12, 0.2, 0.12, 0.15];
    const widths = shares.map((share) => Math.round(TEXT_WIDTH * share));
    widths.push(TEXT_WIDTH - widths.reduce((a, b) => a + b, 0));
    const small = { size: SMALL_SIZE };
    const replaced = this.model.signoff?.replacedLabel ?? "";
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: widths.map((width, i) => cell([textParagraph(columns[i] ?? "", { ...small, bold: true }, TIGHT)], width, LABEL_FILL)),
    });
    const row = (category: CategoryRecord, decision: DecisionRecord | null) => {
      // A replaced decision stays in the record, greyed, its decision struck through.
      const props = { ...small, ...(decision?.superseded && { color: "808080" }) };
      const texts: Paragraph[][] = [
        [textParagraph(category.name, props, TIGHT)],
        [textParagraph(category.state, props, TIGHT)],
        [textParagraph(decision?.who ?? "", props, TIGHT)],
        [textParagraph(decision?.decision ?? "", { ...props, ...(decision?.superseded && { strike: true }) }, TIGHT)],
        [textParagraph(decision?.at ?? "", props, TIGHT)],
        [decision?.reason, decision?.inPerson, decision?.superseded ? `(${replaced})` : null]
          .filter((text): text is string => !!text)
          .map((text) => textParagraph(text, props, TIGHT)),
      ];
      return new TableRow({ cantSplit: true, children: texts.map((paragraphs, i) => cell(paragraphs, widths[i])) });
    };
    const rows = categories.flatMap((category) =>
      category.decisions.length > 0 ? category.decisions.map((decision) => row(category, decision)) : [row(category, null)],
    );
    return table([header, ...rows], widths);
  }
}

function headingStyle(size: number, outlineLevel: number, options: { italics?: boolean; before?: number } = {}) {
  return {
    run: { size, bold: true, color: ACCENT, ...(options.italics && { italics: true }) },
    // The outline level is what Word's navigation pane and LibreOffice's navigator read.
    paragraph: { keepNext: true, keepLines: true, outlineLevel, spacing: { before: options.before ?? 240, after: 120 } },
  };
}

export async function renderDocx(model: ExportModel): Promise<Buffer> {
  const layout = new DocxLayout(model);
  const children = layout.body();
  const footer = layout.footer();
  const doc = new Document({
    title: model.documentTitle,
    subject: model.kindLabel,
    creator: model.processTitle,
    lastModifiedBy: model.processTitle,
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT },
            size: BODY_SIZE,
            // The language of complex-script (here Arabic-script) runs; without it Word proofs them as French or English.
            language: { value: LANGUAGE_TAGS[model.language], bidirectional: "ar-SA" },
          },
          paragraph: { spacing: { after: 120, line: 264 } },
        },
        title: { run: { size: 40, bold: true, color: ACCENT }, paragraph: { spacing: { before: 120, after: 240 } } },
        heading1: headingStyle(32, 0, { before: 360 }),
        heading2: headingStyle(26, 1),
        heading3: headingStyle(24, 2),
        heading4: headingStyle(22, 3),
        heading5: headingStyle(22, 4, { italics: true }),
        heading6: headingStyle(20, 5, { italics: true }),
      },
      // Word's own names for comment text and marks, so that its comment pane formats them as usual.
      characterStyles: [{ id: "CommentReference", name: "annotation reference", basedOn: "DefaultParagraphFont", run: { size: 16 } }],
      paragraphStyles: [
        {
          // Formatting on the style, not the runs: LibreOffice shows a page field in the paragraph's formatting.
          id: "Footer",
          name: "footer",
          basedOn: "Normal",
          run: { size: SMALL_SIZE, color: MUTED },
          paragraph: { rightTabStop: TEXT_WIDTH, spacing: { after: 0 }, border: { top: { style: BorderStyle.SINGLE, size: 4, color: "BFBFBF", space: 4 } } },
        },
        { id: "CommentText", name: "annotation text", basedOn: "Normal", run: { size: 20 }, paragraph: { spacing: { after: 60 } } },
        {
          id: "Quote",
          name: "Quote",
          basedOn: "Normal",
          next: "Normal",
          quickFormat: true,
          run: { italics: true, color: "404040" },
          paragraph: { indent: { left: 567, right: 567 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: "BFBFBF", space: 8 } } },
        },
        {
          id: "Code",
          name: "Code",
          basedOn: "Normal",
          next: "Normal",
          run: { font: { ascii: MONO, hAnsi: MONO, cs: MONO }, size: 20 },
          paragraph: { shading: { type: ShadingType.CLEAR, color: "auto", fill: LABEL_FILL }, spacing: { line: 240 } },
        },
      ],
    },
    numbering: { config: [...layout.numbering].map(([reference, levels]) => ({ reference, levels })) },
    comments: { children: layout.comments },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 709, footer: 709 },
          },
        },
        footers: { default: footer },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
