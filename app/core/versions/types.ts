// Version history (issue 12): the vocabulary shared by the comparison, the domain and the pages.
import type { Domain } from "../domains.js";
import type { ResponsibleParty, RoadmapStatus } from "../item-fields.js";

/**
 * The kinds of version a document has: a round's frozen version, the adopted one (a round's
 * version that was adopted), a version a drafter saved with a name, and an automatic one taken
 * when an editing session went quiet.
 */
export const VERSION_KINDS = ["round", "adopted", "named", "auto"] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

/** A version in a document's list. `key` names it in URLs: `round-<n>` for a round (adopted or not), `v-<id>` for a saved one. */
export interface VersionSummary {
  key: string;
  kind: VersionKind;
  /** The name a drafter gave (named versions); null otherwise. */
  name: string | null;
  /** The round's number (round and adopted versions). */
  round: number | null;
  /** Who: the drafter who saved it, the facilitator who opened the round; null for an automatic version. */
  byName: string | null;
  at: number;
  /** SHA-256 of the version's canonical content (ADR 021). */
  hash: string;
}

// ---------------------------------------------------------------------------------------------
// Comparison of two versions (computed on the server from their canonical content).

/** A word-level change inside a text: runs of words kept, added or removed, in reading order. */
export interface WordRun {
  op: "same" | "added" | "removed";
  text: string;
}

/** What an item is made of, as the comparison reads it. */
export interface ItemSide {
  id: string;
  /** 1-based number of the item in its version (items counted in document order). */
  number: number;
  /** The title of the section it is in (null: before any section). */
  section: string | null;
  title: string;
  domain: Domain;
  responsibleParties: ResponsibleParty[];
  timeframe: string;
  indicators: string[];
  /** Roadmap items only. */
  status: RoadmapStatus | null;
  /** The body's text, blocks separated by "\n". */
  body: string;
}

export type ItemField = "responsibleParties" | "timeframe" | "indicators" | "status";

export interface FieldChange {
  field: ItemField;
  /** Values as they read: parties as `category:<ref>` / `actor:<name>`, the timeframe and status as one value, indicators one each. */
  from: string[];
  to: string[];
}

export interface ItemChange {
  id: string;
  /** added / removed; `changed`: its title, body, domain or a field changed; `moved` only: nothing changed but its place. */
  kind: "added" | "removed" | "changed" | "moved";
  /** It moved to another section or to another place among the items both versions have. */
  moved: boolean;
  before: ItemSide | null;
  after: ItemSide | null;
  /** Word-level changes; null when the title (body) is the same. */
  title: WordRun[] | null;
  body: WordRun[] | null;
  domain: { from: Domain; to: Domain } | null;
  fields: FieldChange[];
}

export interface SectionChange {
  kind: "renamed" | "added" | "removed";
  from: string | null;
  to: string | null;
}

export interface Comparison {
  /** Both versions have the same canonical content. */
  identical: boolean;
  summary: { changed: number; added: number; removed: number; moved: number; sectionsRenamed: number };
  /** Changed items only: in the later version's order, a removed item where it was. */
  items: ItemChange[];
  sections: SectionChange[];
  /** Text outside items (paragraphs, headings, lists between items), compared as one text; null when the same. */
  otherText: WordRun[] | null;
}
