// Builds the export model (model.ts) of one version: its text read through the shared schema (the
// same reading every page shows), worded in the export's language, with the sign-off record of its
// round, and the team's notes only when the caller put them in (export.server.ts decides that).
// Pure: everything it needs is passed in, so a test or the benchmark can build a model directly.
import { type CategoryLabels, categoryLabel, type EditorCategory } from "../../core/categories.js";
import { shortHash } from "../../core/signoff.js";
import { formatDate } from "../../core/dates.js";
import { DOMAIN_INFO, isDomain } from "../../core/domains.js";
import type { ExportFormat } from "../../core/exports.js";
import { translator } from "../../core/i18n/index.js";
import { initialsOf } from "../../core/initials.js";
import type { Language } from "../../core/languages.js";
import type { ThreadView } from "../../core/annotations/types.js";
import { normalizeIndicators, normalizeParties } from "../../core/item-fields.js";
import type { DocumentKind } from "../../core/documents.js";
import type { DocumentStatus } from "../../core/policy.js";
import type { RoundView } from "../signoff/read.server.js";
import type { Block, CategoryRecord, ExportItem, ExportModel, ExportNote, Field, Inline, Part, SignoffRecord } from "./model.js";
import type { LoadedVersion } from "./versions.server.js";

/** ProseMirror JSON as the shared schema writes it (text nodes carry marks). */
export interface PmNode {
  type?: string;
  attrs?: Record<string, unknown>;
  content?: PmNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

export interface BuildInput {
  language: Language;
  format: ExportFormat;
  process: { title: string; locality: string; region: string };
  document: { title: string; kind: DocumentKind; status: DocumentStatus; revision: number };
  version: Pick<LoadedVersion, "kind" | "round" | "hash">;
  /** The version's text, read through the shared schema. */
  json: PmNode;
  /** The process's categories as items refer to them (responsible parties). */
  categories: EditorCategory[];
  /** Every round of the document (newest first): the record of the version's round, and earlier reopenings. */
  rounds: RoundView[];
  /** Threads to print as notes, with the item each points into; null: no notes (not an internal export). */
  notes: { thread: ThreadView; itemId: string | null }[] | null;
  now: number;
}

type T = ReturnType<typeof translator>;

const SAFE_LINK = /^(https?:|mailto:)/i;

/** ASCII words of a name for a file name ("Dialogue de Kidal — 2e" → "dialogue-de-kidal-2e"). */
export function fileSlug(text: string, max = 40): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, max).replace(/-+$/, "") || "document";
}

function plainText(node: PmNode | undefined): string {
  if (!node) return "";
  if (typeof node.text === "string") return node.text;
  if (node.type === "hardBreak") return " ";
  return (node.content ?? []).map(plainText).join("");
}

function inlines(node: PmNode): Inline[] {
  const out: Inline[] = [];
  for (const child of node.content ?? []) {
    if (child.type === "hardBreak") {
      out.push({ text: "", lineBreak: true });
      continue;
    }
    if (typeof child.text !== "string" || !child.text) continue;
    const run: Inline = { text: child.text.replace(/\n/g, " ") };
    for (const mark of child.marks ?? []) {
      if (mark.type === "bold") run.bold = true;
      else if (mark.type === "italic") run.italic = true;
      else if (mark.type === "underline") run.underline = true;
      else if (mark.type === "strike") run.strike = true;
      else if (mark.type === "code") run.code = true;
      else if (mark.type === "link" && typeof mark.attrs?.href === "string" && SAFE_LINK.test(mark.attrs.href)) run.href = mark.attrs.href;
    }
    out.push(run);
  }
  return out;
}

const isItem = (node: PmNode) => node.type === "agendaItem" || node.type === "roadmapItem";

class Builder {
  private itemCount = 0;
  private readonly notesByItem = new Map<string, ExportNote[]>();
  readonly otherNotes: ExportNote[] = [];

  constructor(
    private readonly t: T,
    private readonly input: BuildInput,
  ) {}

  /** Numbers notes in document order (items first, in text order; the rest after). */
  prepareNotes(itemOrder: string[]): void {
    const notes = this.input.notes;
    if (!notes) return;
    const rank = new Map(itemOrder.map((id, i) => [id, i]));
    const placed = notes
      .map((n) => ({ ...n, at: n.itemId !== null && !n.thread.detached ? rank.get(n.itemId) : undefined }))
      .sort((a, b) => (a.at ?? Number.MAX_SAFE_INTEGER) - (b.at ?? Number.MAX_SAFE_INTEGER) || a.thread.createdAt - b.thread.createdAt);
    placed.forEach((n, i) => {
      const note = this.note(n.thread, `N${i + 1}`);
      if (n.at === undefined) this.otherNotes.push(note);
      else {
        const list = this.notesByItem.get(n.itemId!) ?? [];
        list.push(note);
        this.notesByItem.set(n.itemId!, list);
      }
    });
  }

  private note(thread: ThreadView, ref: string): ExportNote {
    const { t } = this;
    const language = this.input.language;
    return {
      ref,
      heading: t("exports.file.noteHeading", {
        type: t(`annotations.types.${thread.type}`),
        visibility: t(`annotations.visibility.${thread.visibility}`),
        status: t(`annotations.status.${thread.status}`),
      }),
      quote: thread.anchor.quote,
      messages: thread.messages.map((m) => ({ author: m.authorName, at: formatDate(m.createdAt, language, true), text: m.body })),
      initials: initialsOf(thread.createdBy.name),
      createdAt: new Date(thread.createdAt),
    };
  }

  parts(doc: PmNode): Part[] {
    const parts: Part[] = [];
    for (const node of doc.content ?? []) {
      if (node.type === "sectionTitle") {
        const title = plainText(node).trim();
        if (title) parts.push({ type: "section", title });
      } else parts.push(...this.blocks(node));
    }
    return parts;
  }

  private blocks(node: PmNode): Block[] {
    switch (node.type) {
      case "agendaItem":
      case "roadmapItem":
        return [this.item(node)];
      case "paragraph": {
        const content = inlines(node);
        return content.some((c) => c.text.trim() || c.lineBreak) ? [{ type: "paragraph", content }] : [];
      }
      case "heading": {
        const level = Math.min(3, Math.max(1, Number(node.attrs?.level) || 1)) as 1 | 2 | 3;
        const content = inlines(node);
        return content.length ? [{ type: "heading", level, content }] : [];
      }
      case "bulletList":
      case "orderedList": {
        const items = (node.content ?? []).map((li) => (li.content ?? []).flatMap((child) => this.blocks(child))).filter((blocks) => blocks.length);
        if (!items.length) return [];
        const start = Number(node.attrs?.start);
        return [{ type: "list", ordered: node.type === "orderedList", start: Number.isInteger(start) && start > 0 ? start : 1, items }];
      }
      case "blockquote": {
        const content = (node.content ?? []).flatMap((child) => this.blocks(child));
        return content.length ? [{ type: "quote", content }] : [];
      }
      case "codeBlock": {
        const text = plainText(node);
        return text.trim() ? [{ type: "code", text }] : [];
      }
      case "horizontalRule":
        return [{ type: "rule" }];
      default: {
        // A node the schema knows but exports do not name: its text, so nothing readable is lost.
        const text = plainText(node).trim();
        return text ? [{ type: "paragraph", content: [{ text }] }] : [];
      }
    }
  }

  private item(node: PmNode): ExportItem {
    const { t, input } = this;
    this.itemCount += 1;
    const attrs = node.attrs ?? {};
    const domain = isDomain(attrs.domain) ? attrs.domain : "governance";
    const fields: Field[] = [];
    const parties = normalizeParties(attrs.responsibleParties).map((p) =>
      p.type === "actor" ? p.name : ((cat) => (cat ? categoryLabel(cat, input.language) : p.ref))(input.categories.find((c) => c.ref === p.ref)),
    );
    if (parties.length) fields.push({ label: t("exports.file.responsibleParties"), values: parties });
    const timeframe = typeof attrs.timeframe === "string" ? attrs.timeframe.trim() : "";
    if (timeframe) fields.push({ label: t("exports.file.timeframe"), values: [timeframe] });
    const indicators = normalizeIndicators(attrs.indicators)
      .map((i) => i.trim())
      .filter(Boolean);
    if (indicators.length) fields.push({ label: t("exports.file.indicators"), values: indicators });
    if (node.type === "roadmapItem" && typeof attrs.status === "string") {
      fields.push({ label: t("exports.file.itemStatus"), values: [t(`items.statuses.${attrs.status}`, { defaultValue: attrs.status })] });
    }
    const children = node.content ?? [];
    const title = plainText(children.find((c) => c.type === "itemTitle")).trim() || t("exports.file.untitled");
    const number = String(this.itemCount);
    const body = children.filter((c) => c.type !== "itemTitle").flatMap((child) => this.blocks(child));
    const id = typeof attrs.id === "string" ? attrs.id : null;
    return {
      type: "item",
      number,
      title,
      domain: { key: domain, label: DOMAIN_INFO[domain].label[input.language] },
      fields,
      body,
      notes: (id && this.notesByItem.get(id)) || [],
    };
  }
}

/** Item ids in document order, nested items included. */
function itemIds(node: PmNode, out: string[] = []): string[] {
  if (isItem(node) && typeof node.attrs?.id === "string") out.push(node.attrs.id);
  for (const child of node.content ?? []) if (child.text === undefined) itemIds(child, out);
  return out;
}

function categoryName(category: CategoryLabels, language: Language): string {
  return categoryLabel(category, language);
}

function signoffRecord(t: T, input: BuildInput, round: RoundView): SignoffRecord {
  const { language } = input;
  const date = (ms: number) => formatDate(ms, language, true);
  const outcome =
    round.status === "adopted"
      ? t("exports.file.signoff.adopted", { date: date(round.closedAt ?? 0), name: round.closedByName ?? "" })
      : round.status === "reopened"
        ? t("exports.file.signoff.reopened", { date: date(round.closedAt ?? 0), name: round.closedByName ?? "" })
        : t("exports.file.signoff.open", { satisfied: round.evaluation.satisfied, required: round.evaluation.required });
  const categories: CategoryRecord[] = round.categories.map((c) => ({
    name: categoryName(c, language),
    state: t(`signoff.state.${c.state}`),
    decisions: round.decisions
      .filter((d) => d.categoryId === c.categoryId)
      .map((d) => {
        const who = d.personAffiliation ? t("exports.file.signoff.withAffiliation", { name: d.userName, affiliation: d.personAffiliation }) : d.userName;
        const inPerson = d.inPerson
          ? d.method
            ? t("exports.file.signoff.inPerson", { method: t(`signoff.method.${d.method}`), witness: d.witness ?? "", recorder: d.recordedByName ?? "" })
            : t("exports.file.signoff.inPersonNoMethod", { witness: d.witness ?? "", recorder: d.recordedByName ?? "" })
          : null;
        return {
          who,
          decision: t(d.decision === "approve" ? "signoff.state.approved" : "signoff.state.objected"),
          approve: d.decision === "approve",
          at: date(d.decidedAt),
          reason: d.reason,
          inPerson,
          superseded: d.superseded,
        };
      }),
  }));
  const history: string[] = [];
  for (const earlier of [...input.rounds].reverse()) {
    if (earlier.number >= round.number || earlier.status !== "reopened") continue;
    const values = { number: earlier.number, hash: shortHash(earlier.versionHash), date: date(earlier.closedAt ?? 0), name: earlier.closedByName ?? "" };
    history.push(
      earlier.closeReason
        ? t("exports.file.signoff.earlierRoundReason", { ...values, reason: earlier.closeReason })
        : t("exports.file.signoff.earlierRound", values),
    );
  }
  if (round.status === "reopened") {
    const values = { date: date(round.closedAt ?? 0), name: round.closedByName ?? "" };
    history.push(
      round.closeReason
        ? t("exports.file.signoff.thisRoundReopenedReason", { ...values, reason: round.closeReason })
        : t("exports.file.signoff.thisRoundReopened", values),
    );
  }
  const c = (key: string) => t(`exports.file.signoff.columns.${key}`);
  return {
    title: t("exports.file.signoff.title"),
    rows: [
      { label: t("exports.file.signoff.round"), values: [String(round.number)] },
      { label: t("exports.file.signoff.roundStatus"), values: [t(`signoff.roundStatus.${round.status}`)] },
      { label: t("exports.file.signoff.opened"), values: [t("exports.file.signoff.openedValue", { date: date(round.openedAt), name: round.openedByName })] },
      { label: t("exports.file.signoff.outcome"), values: [outcome] },
      { label: t("exports.file.signoff.fullHash"), values: [round.versionHash] },
      { label: t("exports.file.signoff.shortHash"), values: [shortHash(round.versionHash)] },
    ],
    categories,
    history,
    columns: [c("category"), c("state"), c("who"), c("decision"), c("when"), c("details")],
    replacedLabel: t("exports.file.signoff.replaced"),
  };
}

export function buildExportModel(input: BuildInput): ExportModel {
  const t = translator(input.language);
  const { version, language, document, process } = input;
  const builder = new Builder(t, input);
  builder.prepareNotes(itemIds(input.json));
  const parts = builder.parts(input.json);
  const short = shortHash(version.hash);
  const round = version.round === null ? null : (input.rounds.find((r) => r.number === version.round) ?? null);
  const kindLabel = t(`documents.kinds.${document.kind}`);
  const versionLabel =
    version.kind === "draft"
      ? t("exports.file.draftVersion")
      : t(version.kind === "adopted" ? "exports.file.adoptedVersion" : "exports.file.frozenVersion", { number: version.round });
  const meta: Field[] = [
    { label: t("exports.file.type"), values: [kindLabel] },
    { label: t("exports.file.status"), values: [t(`documents.statuses.${document.status}`)] },
    { label: t("exports.file.version"), values: [versionLabel] },
    ...(document.revision > 1 ? [{ label: t("exports.file.revision"), values: [String(document.revision)] }] : []),
    { label: t("exports.file.date"), values: [formatDate(input.now, language, true)] },
    { label: t(version.kind === "draft" ? "exports.file.fingerprintDraft" : "exports.file.fingerprint"), values: [version.hash] },
  ];
  const banners: string[] = [];
  if (version.kind === "draft") banners.push(t("exports.file.draftBanner"));
  if (input.notes) banners.push(t("exports.file.internalBanner"));
  const suffix = input.format === "signatures" ? "-signatures" : input.notes ? "-internal" : "";
  return {
    language,
    generatedAt: new Date(input.now),
    fileName: `${fileSlug(process.title)}-${fileSlug(document.title)}-${version.kind === "draft" ? "draft-" : ""}${version.hash.slice(0, 8)}${suffix}`,
    processTitle: process.title,
    locality: process.region ? `${process.locality}, ${process.region}` : process.locality,
    documentTitle: document.title,
    kindLabel,
    meta,
    version: { kind: version.kind, round: version.round, hash: version.hash, shortHash: short },
    footer: {
      text: t(version.kind === "draft" ? "exports.file.footerDraft" : "exports.file.footer", { title: document.title, hash: short }),
      pageLabel: t("exports.file.page"),
      ofLabel: t("exports.file.of"),
    },
    banners,
    parts,
    otherNotes: builder.otherNotes,
    notesLabels: { notes: t("exports.file.notes"), other: t("exports.file.otherNotes") },
    domainLabel: t("exports.file.domain"),
    signoff: round ? signoffRecord(t, input, round) : null,
    signatureSheet:
      input.format === "signatures" && round
        ? {
            title: t("exports.file.signatures.title"),
            intro: t("exports.file.signatures.intro", { number: round.number, title: document.title }),
            categories: round.categories.map((c) => ({ name: categoryName(c, language) })),
            columns: ["name", "signature", "date", "witness"].map((k) => t(`exports.file.signatures.columns.${k}`)),
            lines: 8,
          }
        : null,
  };
}
