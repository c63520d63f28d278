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

/** Items in a block, the block itself included (the schema lets items sit in quotes and lists). */
function itemsIn(node: JsonNode): JsonNode[] {
  if (node.type === "agendaItem" || node.type === "roadmapItem") return [node];
  return node.text !== undefined ? [] : (node.content ?? []).flatMap(itemsIn);
}

export function outline(doc: JsonNode): Outline {
  const sections: Outline["sections"] = [];
  const groups = new Map<Domain, OutlineItem[]>(DOMAINS.map((d) => [d, []]));
  (doc.content ?? []).forEach((block, position) => {
    if (block.type === "sectionTitle") {
      sections.push({ title: text(block).trim(), position, items: 0 });
      return;
    }
    for (const item of itemsIn(block)) {
      const domain = isDomain(item.attrs?.domain) ? item.attrs.domain : "governance";
      const title = text(item.content?.find((c) => c.type === "itemTitle")).trim();
      groups.get(domain)!.push({ id: typeof item.attrs?.id === "string" ? item.attrs.id : null, title, domain, position });
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
  return DOMAINS.filter((d) =>
    [d, ...labels(d)].some(
      (l) =>
        fold(l).startsWith(q) ||
        fold(l)
          .split(/\s+/)
          .some((w) => w.startsWith(q)),
    ),
  );
}
