// The export model: one version of a document, fully worded in the export's language, that every
// renderer (Markdown, DOCX, PDF, the signature sheet) lays out without deciding anything itself.
//
// Why one model: the three formats must say exactly the same thing (the same items, labels, dates,
// hash and sign-off record), and a rule such as "team notes only in an internal export" must be
// applied once, where the model is built (export.server.ts), not three times in three renderers.
// Renderers import only this file: no database, no i18n, no policy.
import type { Language } from "../../core/languages.js";

export type { ExportFormat, ExportVersionKind } from "../../core/exports.js";
import type { ExportVersionKind } from "../../core/exports.js";

/** A run of text with the marks a reader sees. `text` never contains "\n": a line break is its own run. */
export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  code?: boolean;
  /** A link's target (only http(s) and mailto are kept). */
  href?: string;
  /** A hard line break (text is ""). */
  lineBreak?: boolean;
}

export type Block =
  | { type: "paragraph"; content: Inline[] }
  /** Headings inside a document's body; level 1 is the highest level inside the body (below section and item titles). */
  | { type: "heading"; level: 1 | 2 | 3; content: Inline[] }
  | { type: "list"; ordered: boolean; start: number; items: Block[][] }
  | { type: "quote"; content: Block[] }
  | { type: "code"; text: string }
  | { type: "rule" }
  /** An item nested inside another block (the schema allows it; rare). */
  | ExportItem;

/** A labelled value shown as one row ("Timeframe" · "Q1 2027"). `values` has one entry per line/list element. */
export interface Field {
  label: string;
  values: string[];
}

/** An annotation thread in an internal export: a comment in DOCX, a note in PDF and Markdown. */
export interface ExportNote {
  /** "N1", "N2" … in document order: how the text refers to it. */
  ref: string;
  /** "Legitimacy · Team only · Open" (type, visibility, status, worded). */
  heading: string;
  /** The text the thread points at, as it was when annotated (may be empty). */
  quote: string;
  messages: { author: string; at: string; text: string }[];
  /** For DOCX comments: the first author's initials and the thread's creation date. */
  initials: string;
  createdAt: Date;
}

export interface ExportItem {
  type: "item";
  /** The item's number in the document, "1", "2" … (items counted in document order). */
  number: string;
  title: string;
  domain: { key: string; label: string };
  /** Responsible parties, timeframe, indicators, status (roadmap): only fields that have a value, worded. */
  fields: Field[];
  body: Block[];
  notes: ExportNote[];
}

export interface ExportSection {
  type: "section";
  title: string;
}

/** What the document's text is made of, top to bottom. */
export type Part = ExportSection | ExportItem | Block;

export interface DecisionRecord {
  /** "Aminata Traoré" or "Aminata Traoré (Kidal women's association)". */
  who: string;
  /** "Approved" / "Objected" (worded). */
  decision: string;
  approve: boolean;
  at: string;
  reason: string | null;
  /** For a decision given in person: "Paper signature · witness: X · recorded by Y" (worded); null online. */
  inPerson: string | null;
  /** Replaced by a later decision of the same person (still shown, marked). */
  superseded: boolean;
}

export interface CategoryRecord {
  name: string;
  /** "Approved" / "Objected" / "Pending" (worded). */
  state: string;
  decisions: DecisionRecord[];
}

/** The sign-off record appended to a frozen or adopted version. */
export interface SignoffRecord {
  title: string;
  /** Round, status, opened, outcome, hashes — labelled rows. */
  rows: Field[];
  categories: CategoryRecord[];
  /** Earlier rounds of this document (reopenings) and this round's closing: one sentence each, worded. */
  history: string[];
  /** Headings of the category table: [category, state, who, decision, when, reason/in person]. */
  columns: string[];
  /** How a superseded decision is marked in words ("replaced by a later decision"). */
  replacedLabel: string;
}

/** The signature sheet of a frozen version: one page per required category. */
export interface SignatureSheet {
  title: string;
  /** Explains that signing binds the signer to the text with this hash. */
  intro: string;
  categories: { name: string }[];
  /** Column headings: name, signature or thumbprint, date, witness. */
  columns: string[];
  /** Empty lines to print per category. */
  lines: number;
}

export interface ExportModel {
  language: Language;
  /** Text direction of the labels (the document's text sets its own direction per paragraph). */
  generatedAt: Date;
  /** File name without extension: process, document and short hash, ASCII. */
  fileName: string;
  /** Title block. */
  processTitle: string;
  /** "Kidal, Kidal region". */
  locality: string;
  documentTitle: string;
  /** "Roadmap" / "Agenda" (worded). */
  kindLabel: string;
  /** Document facts as labelled rows: type, status, version, date, fingerprint. */
  meta: Field[];
  version: {
    kind: ExportVersionKind;
    /** Round number for a frozen or adopted version. */
    round: number | null;
    /** Full SHA-256 of the canonical content; for a draft, of the draft as stored when exported. */
    hash: string;
    /** "a3f9 1c02 77de 0b41". */
    shortHash: string;
  };
  /** Printed in every page's footer: "Roadmap … · Version a3f9 1c02 … · Page {page} of {pages}" is assembled by renderers from these. */
  footer: { text: string; pageLabel: string; ofLabel: string };
  /** A warning printed under the title: draft (not signed), or internal (team notes). */
  banners: string[];
  parts: Part[];
  /** Notes whose text could not be placed on an item (detached, or on a section or paragraph). */
  otherNotes: ExportNote[];
  /** Headings for note lists: "Notes" and "Other notes". */
  notesLabels: { notes: string; other: string };
  /** The label of an item's domain ("Domain" / "Domaine"), for formats that show it as a field. */
  domainLabel: string;
  signoff: SignoffRecord | null;
  /** Present only for the signature sheet format. */
  signatureSheet: SignatureSheet | null;
}
