// Validation: (template, document content, process categories) → findings. Pure and synchronous,
// one pass over the top level of the document, so the browser can run it on every change and the
// server can run it on the stored state with the same result (same input, same function).
import type { EditorCategory } from "./categories.js";
import { DOMAINS, isDomain, type Domain } from "./domains.js";
import type { Template } from "./templates.js";

export type Severity = "blocking" | "advisory";

export type RuleId =
  | "required-domain"
  | "item-title"
  | "roadmap-responsible"
  /** A responsible party names a stakeholder category the process does not have (deleted, from another process, or forged). */
  | "unknown-category"
  | "roadmap-timeframe"
  | "security-balance"
  | "signoff-category-absent"
  | "empty-section"
  /** Server only: the stored text holds structures the schema cannot represent (see app/core/schema/structure.ts). */
  | "unreadable-structure";

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  /** i18n key; `params` are language-neutral (domain and category keys are localized when shown). */
  messageKey: string;
  params: Record<string, string | number>;
  /** The item concerned (stable id attr). */
  itemId?: string;
  /** The n-th section (0-based) concerned. */
  sectionIndex?: number;
  /** Index of the concerned block among the document's top-level blocks. */
  position?: number;
}

/**
 * A blocking finding as sign-off reports it (Services.signoffChecks, a refusal to open a round, the
 * page that explains it): what is needed to word it, no position in the text.
 */
export interface BlockingFinding {
  ruleId: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

/** The ProseMirror JSON shape (structural subset) this function reads. */
export interface JsonNode {
  type?: string;
  attrs?: Record<string, unknown>;
  content?: JsonNode[];
  text?: string;
}

const ITEM_TYPES = new Set(["agendaItem", "roadmapItem"]);

function plainText(node: JsonNode | undefined): string {
  if (!node) return "";
  if (typeof node.text === "string") return node.text;
  let out = "";
  for (const c of node.content ?? []) out += plainText(c);
  return out;
}

function itemTitle(item: JsonNode): string {
  const title = item.content?.find((c) => c.type === "itemTitle");
  return plainText(title).trim();
}

interface Party {
  type?: unknown;
  ref?: unknown;
  name?: unknown;
}

function parties(item: JsonNode): Party[] {
  const value = item.attrs?.responsibleParties;
  return Array.isArray(value) ? (value as Party[]) : [];
}

/** A party that names someone: a category of this process (by ref or key), or an actor with a name. */
function hasParty(item: JsonNode, known: ReadonlySet<string>): boolean {
  return parties(item).some(
    (p) =>
      (p.type === "category" && typeof p.ref === "string" && known.has(p.ref)) || (p.type === "actor" && typeof p.name === "string" && p.name.trim() !== ""),
  );
}

/** The items in a block: the block itself, or items nested in it (never inside another item). */
function itemsIn(node: JsonNode): JsonNode[] {
  if (node.type && ITEM_TYPES.has(node.type)) return [node];
  if (!node.content || node.text !== undefined) return [];
  return node.content.flatMap(itemsIn);
}

export function validate(template: Template, document: JsonNode, processCategories: readonly Pick<EditorCategory, "ref" | "key">[]): Finding[] {
  const findings: Finding[] = [];
  const counts = Object.fromEntries(DOMAINS.map((d) => [d, 0])) as Record<Domain, number>;
  const referenced = new Set<string>();
  const known = new Set(processCategories.flatMap((c) => (c.key ? [c.ref, c.key] : [c.ref])));
  const blocks = document.content ?? [];

  let sectionIndex = -1;
  let sectionPosition = -1;
  let sectionTitle = "";
  let itemsInSection = 0;
  const closeSection = () => {
    if (sectionIndex >= 0 && itemsInSection === 0) {
      findings.push({
        ruleId: "empty-section",
        severity: "advisory",
        messageKey: "validation.emptySection",
        params: { section: sectionTitle },
        sectionIndex,
        position: sectionPosition,
      });
    }
  };

  const checkItem = (item: JsonNode, position: number) => {
    itemsInSection += 1;
    const id = typeof item.attrs?.id === "string" ? item.attrs.id : undefined;
    const domain = item.attrs?.domain;
    if (isDomain(domain)) counts[domain] += 1;
    for (const p of parties(item)) if (p.type === "category" && typeof p.ref === "string") referenced.add(p.ref);
    const title = itemTitle(item);
    const where = { itemId: id, position, ...(sectionIndex >= 0 ? { sectionIndex } : {}) };
    if (!title) {
      findings.push({
        ruleId: "item-title",
        severity: "blocking",
        messageKey: "validation.itemTitle",
        params: { domain: isDomain(domain) ? domain : "" },
        ...where,
      });
    }
    const unknown = parties(item).filter((p) => p.type === "category" && typeof p.ref === "string" && p.ref !== "" && !known.has(p.ref));
    if (unknown.length) {
      // The editor offers only the process's categories; an unknown ref was forged or its category
      // deleted. It names nobody who could answer for the item, so it cannot go to sign-off.
      findings.push({ ruleId: "unknown-category", severity: "blocking", messageKey: "validation.unknownCategory", params: { title }, ...where });
    }
    if (item.type === "roadmapItem") {
      if (!hasParty(item, known)) {
        findings.push({ ruleId: "roadmap-responsible", severity: "blocking", messageKey: "validation.roadmapResponsible", params: { title }, ...where });
      }
      const timeframe = item.attrs?.timeframe;
      if (typeof timeframe !== "string" || !timeframe.trim()) {
        findings.push({ ruleId: "roadmap-timeframe", severity: "blocking", messageKey: "validation.roadmapTimeframe", params: { title }, ...where });
      }
    }
  };

  blocks.forEach((block, position) => {
    if (block.type === "sectionTitle") {
      closeSection();
      sectionIndex += 1;
      sectionPosition = position;
      sectionTitle = plainText(block).trim();
      itemsInSection = 0;
      return;
    }
    // Items are top-level blocks, but the schema also lets them sit in a quote or a list: count those too.
    for (const item of itemsIn(block)) checkItem(item, position);
  });
  closeSection();

  // Document-level findings go first: they say what is missing overall.
  const overall: Finding[] = [];
  for (const domain of template.requiredDomains) {
    if (counts[domain] === 0) {
      overall.push({ ruleId: "required-domain", severity: "blocking", messageKey: "validation.requiredDomain", params: { domain } });
    }
  }
  const others = counts.governance + counts.development;
  if (counts.security > others) {
    overall.push({
      ruleId: "security-balance",
      severity: "advisory",
      messageKey: "validation.securityBalance",
      params: { security: counts.security, others },
    });
  }
  // Only categories the process has count (a process may work without one of the defaults);
  // a category is named by its key, or by the ref of the same category.
  for (const key of template.signOffCategories) {
    const category = processCategories.find((c) => c.key === key);
    if (!category) continue;
    if (!referenced.has(category.ref) && !referenced.has(key)) {
      overall.push({ ruleId: "signoff-category-absent", severity: "advisory", messageKey: "validation.signoffCategoryAbsent", params: { category: key } });
    }
  }

  const all = [...overall, ...findings];
  // Blocking before advisory, stable otherwise: the panel shows what stops sign-off first.
  return all.filter((f) => f.severity === "blocking").concat(all.filter((f) => f.severity === "advisory"));
}
