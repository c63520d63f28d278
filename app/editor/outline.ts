// The outline beside the editor: sections, and items grouped by domain with counts. Pure, over the
// same ProseMirror JSON the validation reads (computed together, once per debounced change).
import { DOMAINS, isDomain, type Domain } from "../core/domains.js";
import type { JsonNode } from "../core/validation.js";

export interface OutlineItem {
  id: string | null;
  title: string;
  domain: Domain;
  position: number;
}

export interface Outline {
  sections: { title: string; position: number; items: number }[];
  byDomain: { domain: Domain; items: OutlineItem[] }[];
}

function text(node: JsonNode | undefined): string {
  if (!node) return "";
  if (typeof node.text === "string") return node.text;
  return (node.content ?? []).map(text).join("");
}

export function outline(doc: JsonNode): Outline {
  const sections: Outline["sections"] = [];
  const groups = new Map<Domain, OutlineItem[]>(DOMAINS.map((d) => [d, []]));
  (doc.content ?? []).forEach((block, position) => {
    if (block.type === "sectionTitle") {
      sections.push({ title: text(block).trim(), position, items: 0 });
    } else if (block.type === "agendaItem" || block.type === "roadmapItem") {
      const domain = isDomain(block.attrs?.domain) ? block.attrs.domain : "governance";
      const title = text(block.content?.find((c) => c.type === "itemTitle")).trim();
      groups.get(domain)!.push({ id: typeof block.attrs?.id === "string" ? block.attrs.id : null, title, domain, position });
      const last = sections[sections.length - 1];
      if (last) last.items += 1;
    }
  });
  return { sections, byDomain: DOMAINS.map((domain) => ({ domain, items: groups.get(domain)! })) };
}

/** The slash command typed at the start of an empty top-level paragraph ("/gov"), or null. */
export function slashQuery(paragraphText: string): string | null {
  const m = /^\/([\p{L}\s-]{0,24})$/u.exec(paragraphText);
  return m ? m[1].trim().toLowerCase() : null;
}

/** Domains whose key or label (either language) starts with the query, accent-insensitively. */
export function matchDomains(query: string, labels: (d: Domain) => string[]): Domain[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const q = fold(query);
  if (!q) return [...DOMAINS];
  return DOMAINS.filter((d) => [d, ...labels(d)].some((l) => fold(l).startsWith(q) || fold(l).split(/\s+/).some((w) => w.startsWith(q))));
}
