// The fields of agenda and roadmap items as stored in their attributes, and how to read them
// safely (attributes come from other clients and from pasted HTML). No Tiptap here: the server's
// Remix build (exports, validation) reads items without the editor's code.
import type { Domain } from "./domains.js";

export const ROADMAP_STATUSES = ["planned", "in_progress", "done", "blocked"] as const;
export type RoadmapStatus = (typeof ROADMAP_STATUSES)[number];

/**
 * Who carries an item: a stakeholder category of the process (`ref` = the default category key,
 * or the id of a process-specific category) or a named actor (free text). An actor picked from the
 * stakeholder map is stored by its name only: the text is shared with the parties, and an id of the
 * team's map in it would tell them who the team has mapped.
 */
export type ResponsibleParty = { type: "category"; ref: string } | { type: "actor"; name: string };

export interface ItemAttrs {
  id: string | null;
  domain: Domain;
  responsibleParties: ResponsibleParty[];
  timeframe: string;
  indicators: string[];
  status?: RoadmapStatus;
}

/** Keeps only well-formed parties (attrs come from other clients and from pasted HTML). */
export function normalizeParties(value: unknown): ResponsibleParty[] {
  if (!Array.isArray(value)) return [];
  const out: ResponsibleParty[] = [];
  for (const p of value) {
    if (!p || typeof p !== "object") continue;
    const r = p as Record<string, unknown>;
    if (r.type === "category" && typeof r.ref === "string" && r.ref) out.push({ type: "category", ref: r.ref });
    else if (r.type === "actor" && typeof r.name === "string" && r.name.trim()) out.push({ type: "actor", name: r.name.trim() });
  }
  return out;
}

export function normalizeIndicators(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
