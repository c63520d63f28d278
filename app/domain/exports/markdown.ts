// The Markdown renderer: clean CommonMark (no tables, no strike-through, no HTML: those are
// extensions a plain reader may not know), readable as plain text in any editor or mail.
import type { Block, ExportItem, ExportModel, ExportNote, Field, Inline } from "./model.js";

/** Backslash-escapes what CommonMark would read as markup inside a line of text. */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>&!]/g, (c) => `\\${c}`);
}

/** Escapes what would start a block at the beginning of a line ("# ", "- ", "1. ", "> ", "+", "="). */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)(#|>|-|\+|=|~~~|(\d+)([.)]))/, (_m, space: string, mark: string, digits?: string, punct?: string) =>
    digits ? `${space}${digits}\\${punct}` : `${space}\\${mark}`,
  );
}

function inline(runs: Inline[]): string {
  let out = "";
  for (const run of runs) {
    if (run.lineBreak) {
      out += "\\\n";
      continue;
    }
    if (!run.text) continue;
    let text: string;
    if (run.code) {
      // A code span takes its text literally; fence it with more backticks than it holds.
      const longest = Math.max(0, ...(run.text.match(/`+/g) ?? []).map((m) => m.length));
      const fence = "`".repeat(longest + 1);
      text = `${fence}${run.text.startsWith("`") || run.text.endsWith("`") ? ` ${run.text} ` : run.text}${fence}`;
    } else {
      // Emphasis must hug its text: keep surrounding spaces outside the markers.
      const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(run.text)!;
      let marked = escapeText(core!);
      if (marked && run.bold) marked = `**${marked}**`;
      if (marked && run.italic) marked = `*${marked}*`;
      text = `${lead}${marked}${trail}`;
    }
    if (run.href) text = `[${text}](<${run.href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    out += text;
  }
  return out;
}

function indent(text: string, by: string, first = by): string {
  return text
    .split("\n")
    .map((line, i) => (line ? (i === 0 ? first : by) + line : line))
    .join("\n");
}

function paragraph(runs: Inline[]): string {
  return inline(runs)
    .split("\n")
    .map((line) => escapeLineStart(line))
    .join("\n");
}

function block(b: Block, depth: number, model: ExportModel): string {
  switch (b.type) {
    case "paragraph":
      return paragraph(b.content);
    case "heading":
      // Section = ##, item = ###: body headings start below them.
      return `${"#".repeat(Math.min(6, 3 + b.level))} ${inline(b.content).replace(/\n/g, " ")}`;
    case "list":
      return b.items
        .map((blocks, i) => {
          const marker = b.ordered ? `${b.start + i}. ` : "- ";
          const body = blocks.map((child) => block(child, depth + 1, model)).join("\n\n");
          return indent(body, " ".repeat(marker.length), marker);
        })
        .join("\n");
    case "quote":
      return b.content
        .map((child) => block(child, depth, model))
        .join("\n\n")
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "code": {
      const longest = Math.max(2, ...(b.text.match(/`+/g) ?? []).map((m) => m.length));
      const fence = "`".repeat(longest + 1);
      return `${fence}\n${b.text}\n${fence}`;
    }
    case "rule":
      return "---";
    case "item":
      return item(b, Math.min(6, 4 + depth), model);
  }
}

function fieldLine(field: Field): string {
  return `- **${escapeText(field.label)}:** ${field.values.map(escapeText).join("; ")}`;
}

function notes(list: ExportNote[]): string {
  return list
    .map((note) => {
      const lines = [`**${escapeText(note.ref)}: ${escapeText(note.heading)}**`];
      if (note.quote) lines.push("", `“${escapeText(note.quote.replace(/\s+/g, " "))}”`);
      for (const m of note.messages) lines.push("", `${escapeText(m.author)} (${escapeText(m.at)}): ${escapeText(m.text).replace(/\n+/g, " ")}`);
      return lines.map((line) => (line ? `> ${line}` : ">")).join("\n");
    })
    .join("\n\n");
}

function item(it: ExportItem, level: number, model: ExportModel): string {
  const parts = [`${"#".repeat(level)} ${escapeText(it.number)}. ${escapeText(it.title)}`];
  parts.push([fieldLine({ label: model.domainLabel, values: [it.domain.label] }), ...it.fields.map(fieldLine)].join("\n"));
  for (const b of it.body) parts.push(block(b, 0, model));
  if (it.notes.length) parts.push(`> **${escapeText(model.notesLabels.notes)}**\n>\n${notes(it.notes)}`);
  return parts.join("\n\n");
}

export function renderMarkdown(model: ExportModel): string {
  const out: string[] = [`# ${escapeText(model.documentTitle)}`, `**${escapeText(model.processTitle)}**: ${escapeText(model.locality)}`];
  out.push(model.meta.map(fieldLine).join("\n"));
  for (const banner of model.banners) out.push(`> **${escapeText(banner)}**`);
  for (const part of model.parts) {
    if (part.type === "section") out.push(`## ${escapeText(part.title)}`);
    else if (part.type === "item") out.push(item(part, 3, model));
    else out.push(block(part, 0, model));
  }
  if (model.otherNotes.length) out.push(`## ${escapeText(model.notesLabels.other)}`, notes(model.otherNotes));
  if (model.signoff) {
    const s = model.signoff;
    out.push(`## ${escapeText(s.title)}`, s.rows.map(fieldLine).join("\n"));
    const detailsLabel = s.columns[5] ?? "";
    for (const category of s.categories) {
      out.push(`### ${escapeText(category.name)}: ${escapeText(category.state)}`);
      if (!category.decisions.length) continue;
      out.push(
        category.decisions
          .map((d) => {
            let line = `- ${escapeText(d.who)}: **${escapeText(d.decision)}**, ${escapeText(d.at)}`;
            if (d.superseded) line += ` (${escapeText(s.replacedLabel)})`;
            const details = [d.reason, d.inPerson].filter((x): x is string => !!x).map((x) => escapeText(x.replace(/\s+/g, " ")));
            if (details.length) line += `\\\n  ${escapeText(detailsLabel)}: ${details.join("; ")}`;
            return line;
          })
          .join("\n"),
      );
    }
    if (s.history.length) out.push(s.history.map((h) => `- ${escapeText(h)}`).join("\n"));
  }
  out.push("---", escapeText(model.footer.text));
  return `${out.join("\n\n")}\n`;
}
