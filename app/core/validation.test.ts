import { describe, expect, it } from "vitest";
import { DEFAULT_CATEGORIES } from "./categories.js";
import { findingText } from "./finding-text.js";
import { createI18n } from "./i18n/index.js";
import { baseTemplate, getTemplate, templateDocument, TEMPLATES, type Template } from "./templates.js";
import { validate, type Finding, type JsonNode, type RuleId } from "./validation.js";

const categories = DEFAULT_CATEGORIES.map((c) => ({ ref: c.key, key: c.key }));
const anefis = getTemplate("roadmap-anefis")!;
const agendaTemplate = getTemplate("local-dialogue-agenda")!;

let n = 0;
function item(
  type: "agendaItem" | "roadmapItem",
  domain: string,
  title: string,
  extra: { parties?: unknown[]; timeframe?: string; id?: string } = {},
): JsonNode {
  return {
    type,
    attrs: {
      id: extra.id ?? `i${++n}`,
      domain,
      responsibleParties: extra.parties ?? [{ type: "category", ref: "youth" }],
      timeframe: extra.timeframe ?? "3 months",
      indicators: [],
      ...(type === "roadmapItem" ? { status: "planned" } : {}),
    },
    content: [{ type: "itemTitle", content: title ? [{ type: "text", text: title }] : undefined }, { type: "paragraph" }],
  };
}
const section = (title: string): JsonNode => ({ type: "sectionTitle", attrs: { key: null }, content: [{ type: "text", text: title }] });
const doc = (...content: JsonNode[]): JsonNode => ({ type: "doc", content });
const rules = (findings: Finding[]) => findings.map((f) => f.ruleId);
const only = (findings: Finding[], rule: RuleId) => findings.filter((f) => f.ruleId === rule);

// A roadmap that satisfies every rule of the Anefis template (all sign-off categories named).
function completeRoadmap(): JsonNode {
  const all = anefis.signOffCategories.map((ref) => ({ type: "category", ref }));
  return doc(
    section("Cessation"),
    item("roadmapItem", "security", "Cessation of hostilities", { parties: all }),
    section("Reconciliation"),
    item("roadmapItem", "reconciliation", "Exchange of prisoners"),
    section("Movement"),
    item("roadmapItem", "movement", "Reopen the Anefis–Kidal road"),
    section("Governance"),
    item("roadmapItem", "governance", "Interim administration"),
    section("Development"),
    item("roadmapItem", "development", "Market rehabilitation"),
  );
}

describe("validate", () => {
  it("finds nothing in a complete roadmap", () => {
    expect(validate(anefis, completeRoadmap(), categories)).toEqual([]);
  });

  it("required-domain: fires for each missing required domain, not for present ones", () => {
    const d = completeRoadmap();
    d.content = d.content!.filter((b) => b.attrs?.domain !== "development");
    d.content.splice(d.content.length - 1, 0); // keep the now-empty section
    const f = only(validate(anefis, d, categories), "required-domain");
    expect(f).toEqual([{ ruleId: "required-domain", severity: "blocking", messageKey: "validation.requiredDomain", params: { domain: "development" } }]);
    expect(only(validate(anefis, completeRoadmap(), categories), "required-domain")).toEqual([]);
  });

  it("required-domain: a blank document still requires governance and development", () => {
    const f = validate(baseTemplate("agenda"), doc({ type: "paragraph" }), []);
    expect(f.map((x) => x.params.domain)).toEqual(["governance", "development"]);
    expect(TEMPLATES.every((t: Template) => t.requiredDomains.includes("governance") && t.requiredDomains.includes("development"))).toBe(true);
  });

  it("item-title: an item whose title is empty or blank, with its id and position", () => {
    const d = completeRoadmap();
    d.content!.push(item("roadmapItem", "land", "   ", { id: "x1" }));
    const f = only(validate(anefis, d, categories), "item-title");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: "blocking", itemId: "x1", position: 10, sectionIndex: 4, params: { domain: "land" } });
    expect(only(validate(anefis, completeRoadmap(), categories), "item-title")).toEqual([]);
  });

  it("roadmap-responsible: no category and no named actor; a named actor is enough", () => {
    const d = completeRoadmap();
    d.content!.push(item("roadmapItem", "land", "Pastoral routes", { parties: [], id: "p" }));
    d.content!.push(item("roadmapItem", "land", "Wells", { parties: [{ type: "actor", name: "  " }], id: "q" }));
    d.content!.push(item("roadmapItem", "land", "Water", { parties: [{ type: "actor", name: "Chef de village" }] }));
    const f = only(validate(anefis, d, categories), "roadmap-responsible");
    expect(f.map((x) => x.itemId)).toEqual(["p", "q"]);
    expect(f[0].params).toEqual({ title: "Pastoral routes" });
  });

  it("unknown-category: a party naming a category the process does not have is refused and does not count as responsible", () => {
    const d = completeRoadmap();
    d.content!.push(item("roadmapItem", "land", "Markets", { parties: [{ type: "category", ref: "no-such-category" }], id: "u" }));
    d.content!.push(item("agendaItem", "governance", "Courts", { parties: [{ type: "category", ref: "forged" }], id: "a" }));
    d.content!.push(item("roadmapItem", "land", "Roads", { parties: [{ type: "category", ref: "youth" }], id: "ok" }));
    const findings = validate(anefis, d, categories);
    expect(only(findings, "unknown-category").map((x) => [x.itemId, x.severity])).toEqual([
      ["u", "blocking"],
      ["a", "blocking"],
    ]);
    expect(only(findings, "roadmap-responsible").map((x) => x.itemId)).toEqual(["u"]);
    // A custom category of the process is named by its ref.
    const custom = [...categories, { ref: "cat-123", key: null }];
    const e = completeRoadmap();
    e.content!.push(item("roadmapItem", "land", "Wells", { parties: [{ type: "category", ref: "cat-123" }], id: "c" }));
    expect(only(validate(anefis, e, custom), "unknown-category")).toEqual([]);
    expect(only(validate(anefis, e, categories), "unknown-category").map((x) => x.itemId)).toEqual(["c"]);
  });

  it("roadmap-timeframe: empty timeframe on a roadmap item; agenda items need neither", () => {
    const d = completeRoadmap();
    d.content!.push(item("roadmapItem", "land", "Wells", { timeframe: " ", id: "t" }));
    expect(only(validate(anefis, d, categories), "roadmap-timeframe").map((x) => x.itemId)).toEqual(["t"]);
    const agenda = doc(
      item("agendaItem", "governance", "G", { parties: [], timeframe: "" }),
      item("agendaItem", "development", "D", { parties: [], timeframe: "" }),
    );
    expect(rules(validate(agendaTemplate, agenda, [])).filter((r) => r.startsWith("roadmap"))).toEqual([]);
  });

  it("security-balance: advisory when security items outnumber governance + development together", () => {
    const d = completeRoadmap();
    d.content!.push(item("roadmapItem", "security", "S2"));
    expect(only(validate(anefis, d, categories), "security-balance")).toEqual([]); // 2 vs 2
    d.content!.push(item("roadmapItem", "security", "S3"));
    expect(only(validate(anefis, d, categories), "security-balance")).toEqual([
      { ruleId: "security-balance", severity: "advisory", messageKey: "validation.securityBalance", params: { security: 3, others: 2 } },
    ]);
  });

  it("signoff-category-absent: each default sign-off category named nowhere, only if the process has it", () => {
    const d = completeRoadmap();
    d.content![1].attrs!.responsibleParties = [{ type: "category", ref: "youth" }];
    const f = only(validate(anefis, d, categories), "signoff-category-absent");
    expect(f.map((x) => x.params.category)).toEqual(anefis.signOffCategories.filter((k) => k !== "youth"));
    expect(f.every((x) => x.severity === "advisory")).toBe(true);
    const without = categories.filter((c) => c.key !== "women");
    expect(only(validate(anefis, d, without), "signoff-category-absent").map((x) => x.params.category)).not.toContain("women");
  });

  it("empty-section: advisory with the section index and position; sections with items pass", () => {
    const d = completeRoadmap();
    d.content!.push(section("Land"), { type: "paragraph" }, section("Follow-up"));
    const f = only(validate(anefis, d, categories), "empty-section");
    expect(f).toEqual([
      { ruleId: "empty-section", severity: "advisory", messageKey: "validation.emptySection", params: { section: "Land" }, sectionIndex: 5, position: 10 },
      { ruleId: "empty-section", severity: "advisory", messageKey: "validation.emptySection", params: { section: "Follow-up" }, sectionIndex: 6, position: 12 },
    ]);
  });

  it("counts and checks items nested in a quote or a list, located by their top-level block", () => {
    const d = completeRoadmap();
    d.content = d.content!.filter((b) => b.attrs?.domain !== "development");
    d.content.push({ type: "blockquote", content: [item("roadmapItem", "development", "Quoted market", { parties: [], id: "q1" })] });
    const f = validate(anefis, d, categories);
    expect(only(f, "required-domain")).toEqual([]);
    expect(only(f, "roadmap-responsible")).toMatchObject([{ itemId: "q1", position: d.content.length - 1 }]);
  });

  it("lists blocking findings before advisory ones", () => {
    const f = validate(anefis, doc(section("A"), item("roadmapItem", "security", "")), categories);
    const firstAdvisory = f.findIndex((x) => x.severity === "advisory");
    expect(f.slice(firstAdvisory).every((x) => x.severity === "advisory")).toBe(true);
  });

  it("a fresh Anefis roadmap says there is no development item yet (and no governance item is missing)", () => {
    let i = 0;
    const d = templateDocument(anefis, "en", () => `id${i++}`);
    const f = validate(anefis, d, categories);
    expect(only(f, "required-domain").map((x) => x.params.domain)).toEqual(["development"]);
    expect(rules(f)).not.toContain("roadmap-responsible");
    expect(rules(f)).not.toContain("item-title");
  });
});

describe("finding messages", () => {
  const en = createI18n("en").t;
  const fr = createI18n("fr").t;
  const sample: Finding[] = [
    { ruleId: "required-domain", severity: "blocking", messageKey: "validation.requiredDomain", params: { domain: "development" } },
    { ruleId: "item-title", severity: "blocking", messageKey: "validation.itemTitle", params: { domain: "land" } },
    { ruleId: "roadmap-responsible", severity: "blocking", messageKey: "validation.roadmapResponsible", params: { title: "Reopen the Anefis–Kidal road" } },
    { ruleId: "roadmap-timeframe", severity: "blocking", messageKey: "validation.roadmapTimeframe", params: { title: "" } },
    { ruleId: "security-balance", severity: "advisory", messageKey: "validation.securityBalance", params: { security: 3, others: 1 } },
    { ruleId: "signoff-category-absent", severity: "advisory", messageKey: "validation.signoffCategoryAbsent", params: { category: "women" } },
    { ruleId: "empty-section", severity: "advisory", messageKey: "validation.emptySection", params: { section: "Local governance" } },
  ];
  const cats = DEFAULT_CATEGORIES.map((c) => ({ key: c.key, labelEn: null, labelFr: null }));

  it("are worded in English", () => {
    expect(sample.map((f) => findingText(f, en, "en", cats))).toEqual([
      "No development item yet.",
      "A land and resources item has no title.",
      "Item “Reopen the Anefis–Kidal road” has no responsible party.",
      "Item “untitled” has no timeframe.",
      "Security items (3) outnumber governance and development items together (1).",
      "Category “Women” (needed for sign-off) appears nowhere among the responsible parties.",
      "Section “Local governance” has no item.",
    ]);
  });

  it("are worded in French", () => {
    expect(sample.map((f) => findingText(f, fr, "fr", cats))).toEqual([
      "Aucun point « Développement » pour l'instant.",
      "Un point « Foncier et ressources » n'a pas de titre.",
      "Le point « Reopen the Anefis–Kidal road » n'a aucun responsable.",
      "Le point « sans titre » n'a pas d'échéance.",
      "Les points de sécurité (3) sont plus nombreux que ceux de gouvernance et de développement réunis (1).",
      "La catégorie « Femmes » (dont la validation est requise) n'apparaît nulle part parmi les responsables.",
      "La section « Local governance » n'a aucun point.",
    ]);
  });
});
