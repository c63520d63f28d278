import { describe, expect, it } from "vitest";
import { canonicalStringify, type CanonicalNode } from "../canonical.js";
import { compareVersions, matchSections, readItems, readVersionContent, sameCanonical, type CanonicalDoc } from "./compare.js";
import type { Comparison, ItemChange, ItemSide } from "./types.js";

// --- Canonical-like trees (the shape canonicalTree gives) ----------------------------------------

const text = (t: string): CanonicalNode => ({ type: "text", text: t });
const para = (t: string): CanonicalNode => (t ? { type: "paragraph", content: [text(t)] } : { type: "paragraph" });
const list = (...entries: string[]): CanonicalNode => ({ type: "bulletList", content: entries.map((e) => ({ type: "listItem", content: [para(e)] })) });

interface ItemOptions {
  type?: "agendaItem" | "roadmapItem";
  domain?: string;
  /** A string is one paragraph. */
  body?: string | CanonicalNode[];
  /** `category:<ref>` or `actor:<name>`. */
  parties?: string[];
  timeframe?: string;
  indicators?: string[];
  status?: string;
}

function item(id: string | null, title: string, o: ItemOptions = {}): CanonicalNode {
  const type = o.type ?? "roadmapItem";
  const parties = (o.parties ?? []).map((p) => {
    const [kind, value] = p.split(":");
    return kind === "category" ? { type: "category", ref: value } : { type: "actor", name: value };
  });
  const attrs: Record<string, unknown> = {
    domain: o.domain ?? "governance",
    indicators: o.indicators ?? [],
    responsibleParties: parties,
    timeframe: o.timeframe ?? "",
  };
  if (id !== null) attrs.id = id;
  if (type === "roadmapItem") attrs.status = o.status ?? "planned";
  const body = typeof o.body === "string" ? [para(o.body)] : (o.body ?? [para("")]);
  return { type, attrs, content: [title ? { type: "itemTitle", content: [text(title)] } : { type: "itemTitle" }, ...body] } as CanonicalNode;
}

const section = (title: string, key: string | null = null): CanonicalNode => ({ type: "sectionTitle", attrs: { key }, content: [text(title)] });
const doc = (...content: CanonicalNode[]): CanonicalDoc => ({ type: "doc", content });

// The items of a small roadmap, by id; a layout names them ("a"), sections ("§Sécurité|security"),
// top-level paragraphs ("¶…"), or gives a node.
const SPECS: Record<string, [string, ItemOptions]> = {
  a: [
    "Cessez-le-feu",
    {
      domain: "security",
      body: [para("Les parties cessent les hostilités."), list("Retrait des armes lourdes", "Observateurs")],
      parties: ["category:parties", "actor:Conseil des sages"],
      timeframe: "30 jours",
      indicators: ["Incidents signalés", "Armes retirées"],
    },
  ],
  b: ["Réouverture du marché", { domain: "development", body: "Le marché de Kanu rouvre le lundi." }],
  c: ["Retour des déplacés", { domain: "movement", body: "Les familles rentrent après le déminage." }],
  d: ["Conseil local", { body: "Un conseil de douze membres.", parties: ["category:youth"] }],
  e: ["Budget", { body: "Le budget est voté chaque année." }],
  f: ["Élections", { body: "Les bureaux de vote ouvrent." }],
};

/** Item `id` of SPECS with some of its fields changed. */
function like(id: string, changes: ItemOptions & { title?: string } = {}): CanonicalNode {
  const [title, options] = SPECS[id];
  return item(id, changes.title ?? title, { ...options, ...changes });
}

function version(...layout: (string | CanonicalNode)[]): CanonicalDoc {
  return doc(
    ...layout.map((entry) => {
      if (typeof entry !== "string") return entry;
      if (entry.startsWith("§")) {
        const [title, key] = entry.slice(1).split("|");
        return section(title, key ?? null);
      }
      if (entry.startsWith("¶")) return para(entry.slice(1));
      return like(entry);
    }),
  );
}

const BASE = ["§Sécurité|security", "a", "b", "c", "§Gouvernance", "d", "e"];
const base = () => version(...BASE);
/** BASE with entry `at` replaced. */
const baseWith = (at: string, ...replacement: (string | CanonicalNode)[]) => version(...BASE.flatMap((e) => (e === at ? replacement : [e])));

// --- Expected comparisons --------------------------------------------------------------------------

/** An item change with its sides shown as "<number> <section>" (the sides themselves are tested below). */
type ItemView = Omit<ItemChange, "before" | "after"> & { before: string | null; after: string | null };
type Expected = Omit<Comparison, "items" | "summary"> & { summary: Partial<Comparison["summary"]>; items: ItemView[] };

const place = (side: ItemSide | null) => (side ? `${side.number} ${side.section ?? "-"}` : null);
const view = (c: Comparison) => ({ ...c, items: c.items.map((i) => ({ ...i, before: place(i.before), after: place(i.after) })) });

function change(id: string, kind: ItemChange["kind"], before: string | null, after: string | null, more: Partial<ItemView> = {}): ItemView {
  return { id, kind, moved: kind === "moved", before, after, title: null, body: null, domain: null, fields: [], ...more };
}

function expected(e: Partial<Expected>): Comparison {
  return {
    identical: false,
    sections: [],
    otherText: null,
    items: [],
    ...e,
    summary: { changed: 0, added: 0, removed: 0, moved: 0, sectionsRenamed: 0, ...e.summary },
  } as unknown as Comparison;
}

const CASES: { name: string; before: CanonicalDoc; after: CanonicalDoc; expected: Comparison }[] = [
  { name: "no change", before: base(), after: base(), expected: expected({ identical: true }) },
  {
    name: "an item added",
    before: base(),
    after: version("§Sécurité|security", "a", "b", "c", "§Gouvernance", "d", "f", "e"),
    expected: expected({ summary: { added: 1 }, items: [change("f", "added", null, "5 Gouvernance")] }),
  },
  {
    name: "an item removed",
    before: base(),
    after: baseWith("b"),
    expected: expected({ summary: { removed: 1 }, items: [change("b", "removed", "2 Sécurité", null)] }),
  },
  {
    name: "a word added to a title",
    before: base(),
    after: baseWith("b", like("b", { title: "Réouverture rapide du marché" })),
    expected: expected({
      summary: { changed: 1 },
      items: [
        change("b", "changed", "2 Sécurité", "2 Sécurité", {
          title: [
            { op: "same", text: "Réouverture " },
            { op: "added", text: "rapide " },
            { op: "same", text: "du marché" },
          ],
        }),
      ],
    }),
  },
  {
    name: "a body changed (a list entry too)",
    before: base(),
    after: baseWith(
      "a",
      like("a", { body: [para("Les parties cessent toutes les hostilités."), list("Retrait des armes lourdes", "Observateurs de l'Union africaine")] }),
    ),
    expected: expected({
      summary: { changed: 1 },
      items: [
        change("a", "changed", "1 Sécurité", "1 Sécurité", {
          body: [
            { op: "same", text: "Les parties cessent " },
            { op: "added", text: "toutes " },
            { op: "same", text: "les hostilités.\nRetrait des armes lourdes\nObservateurs" },
            { op: "added", text: " de l'Union africaine" },
          ],
        }),
      ],
    }),
  },
  {
    name: "the domain changed, nothing else",
    before: base(),
    after: baseWith("d", like("d", { domain: "development" })),
    expected: expected({
      summary: { changed: 1 },
      items: [change("d", "changed", "4 Gouvernance", "4 Gouvernance", { domain: { from: "governance", to: "development" } })],
    }),
  },
  {
    name: "a responsible party added",
    before: base(),
    after: baseWith("d", like("d", { parties: ["category:youth", "actor:Chef de village"] })),
    expected: expected({
      summary: { changed: 1 },
      items: [
        change("d", "changed", "4 Gouvernance", "4 Gouvernance", {
          fields: [{ field: "responsibleParties", from: ["category:youth"], to: ["category:youth", "actor:Chef de village"] }],
        }),
      ],
    }),
  },
  {
    name: "responsible parties reordered: no change",
    before: base(),
    after: baseWith("a", like("a", { parties: ["actor:Conseil des sages", "category:parties"] })),
    expected: expected({}),
  },
  {
    name: "indicators changed (order matters), timeframe emptied",
    before: base(),
    after: baseWith("a", like("a", { indicators: ["Armes retirées", "Incidents signalés"], timeframe: "  " })),
    expected: expected({
      summary: { changed: 1 },
      items: [
        change("a", "changed", "1 Sécurité", "1 Sécurité", {
          fields: [
            { field: "timeframe", from: ["30 jours"], to: [] },
            { field: "indicators", from: ["Incidents signalés", "Armes retirées"], to: ["Armes retirées", "Incidents signalés"] },
          ],
        }),
      ],
    }),
  },
  {
    name: "a status changed",
    before: base(),
    after: baseWith("e", like("e", { status: "in_progress" })),
    expected: expected({
      summary: { changed: 1 },
      items: [change("e", "changed", "5 Gouvernance", "5 Gouvernance", { fields: [{ field: "status", from: ["planned"], to: ["in_progress"] }] })],
    }),
  },
  {
    name: "an item moved up within its section: only that one moved",
    before: base(),
    after: version("§Sécurité|security", "c", "a", "b", "§Gouvernance", "d", "e"),
    expected: expected({ summary: { moved: 1 }, items: [change("c", "moved", "3 Sécurité", "1 Sécurité")] }),
  },
  {
    name: "an item moved to another section",
    before: base(),
    after: version("§Sécurité|security", "b", "c", "§Gouvernance", "d", "e", "a"),
    expected: expected({ summary: { moved: 1 }, items: [change("a", "moved", "1 Sécurité", "5 Gouvernance")] }),
  },
  {
    name: "an item moved to another section, keeping its order among items",
    before: base(),
    after: version("§Sécurité|security", "a", "b", "§Gouvernance", "c", "d", "e"),
    expected: expected({ summary: { moved: 1 }, items: [change("c", "moved", "3 Sécurité", "3 Gouvernance")] }),
  },
  {
    name: "an item moved to another section and retitled: changed and moved",
    before: base(),
    after: version("§Sécurité|security", "b", "c", "§Gouvernance", "d", "e", like("a", { title: "Cessez-le-feu durable" })),
    expected: expected({
      summary: { changed: 1 },
      items: [
        change("a", "changed", "1 Sécurité", "5 Gouvernance", {
          moved: true,
          title: [
            { op: "same", text: "Cessez-le-feu" },
            { op: "added", text: " durable" },
          ],
        }),
      ],
    }),
  },
  {
    name: "a section renamed: its items did not move",
    before: base(),
    after: baseWith("§Gouvernance", "§Gouvernance locale"),
    expected: expected({ summary: { sectionsRenamed: 1 }, sections: [{ kind: "renamed", from: "Gouvernance", to: "Gouvernance locale" }] }),
  },
  {
    name: "a template section renamed (matched by key)",
    before: base(),
    after: baseWith("§Sécurité|security", "§Sécurité et cessez-le-feu|security"),
    expected: expected({ summary: { sectionsRenamed: 1 }, sections: [{ kind: "renamed", from: "Sécurité", to: "Sécurité et cessez-le-feu" }] }),
  },
  {
    name: "a section added with an item",
    before: base(),
    after: version(...BASE, "§Suivi", "f"),
    expected: expected({
      summary: { added: 1 },
      sections: [{ kind: "added", from: null, to: "Suivi" }],
      items: [change("f", "added", null, "6 Suivi")],
    }),
  },
  {
    name: "a section heading removed: its items are now in the previous section (moved)",
    before: base(),
    after: baseWith("§Gouvernance"),
    expected: expected({
      summary: { moved: 2 },
      sections: [{ kind: "removed", from: "Gouvernance", to: null }],
      items: [change("d", "moved", "4 Gouvernance", "4 Sécurité"), change("e", "moved", "5 Gouvernance", "5 Sécurité")],
    }),
  },
  {
    name: "text outside items changed",
    before: version("¶Feuille de route de Kanu", ...BASE, "¶Signé à Kanu."),
    after: version("¶Feuille de route de Kanu", ...BASE, "¶Signé à Kanu le 3 mars."),
    expected: expected({
      otherText: [
        { op: "same", text: "Feuille de route de Kanu\nSigné à Kanu" },
        { op: "added", text: " le 3 mars" },
        { op: "same", text: "." },
      ],
    }),
  },
  {
    name: "a duplicated id: the copy is an added item",
    before: base(),
    after: version(...BASE, like("a")),
    expected: expected({ summary: { added: 1 }, items: [change("a", "added", null, "6 Gouvernance")] }),
  },
  {
    name: "items without id have no counterpart",
    before: version(...BASE, item(null, "Sans identifiant")),
    after: version(...BASE, item(null, "Sans identifiant", { body: "Un mot." })),
    // The removed one right after e, the item before it; then the later version's own.
    expected: expected({
      summary: { added: 1, removed: 1 },
      items: [change("", "removed", "6 Gouvernance", null), change("", "added", null, "6 Gouvernance")],
    }),
  },
  {
    name: "an item nested in a list",
    before: version("§Sécurité|security", "a", { type: "bulletList", content: [{ type: "listItem", content: [para("Voir :"), like("c")] }] }, "b"),
    after: version("§Sécurité|security", "a", { type: "bulletList", content: [{ type: "listItem", content: [para("Voir :"), like("c", { body: "" })] }] }, "b"),
    expected: expected({
      summary: { changed: 1 },
      items: [change("c", "changed", "2 Sécurité", "2 Sécurité", { body: [{ op: "removed", text: "Les familles rentrent après le déminage." }] })],
    }),
  },
  {
    name: "accents and Arabic script: whole words",
    before: version("§الأمن", item("x", "وقف إطلاق النار"), item("y", "Réouverture du marché")),
    after: version("§الأمن", item("x", "وقف إطلاق النار الشامل"), item("y", "Reouverture du marché")),
    expected: expected({
      summary: { changed: 2 },
      items: [
        change("x", "changed", "1 الأمن", "1 الأمن", {
          title: [
            { op: "same", text: "وقف إطلاق النار" },
            { op: "added", text: " الشامل" },
          ],
        }),
        change("y", "changed", "2 الأمن", "2 الأمن", {
          title: [
            { op: "removed", text: "Réouverture" },
            { op: "added", text: "Reouverture" },
            { op: "same", text: " du marché" },
          ],
        }),
      ],
    }),
  },
  {
    name: "whitespace only (double spaces, trailing, an empty paragraph, a split line): no change",
    before: base(),
    after: baseWith(
      "a",
      like("a", {
        title: " Cessez-le-feu  ",
        body: [para("Les parties  cessent"), para("les hostilités. "), para(""), list("Retrait des armes lourdes", "Observateurs")],
      }),
    ),
    expected: expected({}),
  },
  {
    name: "marks only (bold): not identical, nothing to show",
    before: base(),
    after: baseWith(
      "b",
      like("b", {
        body: [{ type: "paragraph", content: [{ type: "text", text: "Le marché de Kanu", marks: [{ type: "bold" }] }, text(" rouvre le lundi.")] }],
      }),
    ),
    expected: expected({}),
  },
];

describe("compareVersions", () => {
  it.each(CASES)("$name", ({ before, after, expected }) => {
    expect(view(compareVersions(before, after))).toEqual(expected);
  });

  it("gives the sides of a changed item in full", () => {
    const result = compareVersions(base(), baseWith("a", like("a", { domain: "governance" })));
    const a: ItemSide = {
      id: "a",
      number: 1,
      section: "Sécurité",
      title: "Cessez-le-feu",
      domain: "security",
      responsibleParties: [
        { type: "category", ref: "parties" },
        { type: "actor", name: "Conseil des sages" },
      ],
      timeframe: "30 jours",
      indicators: ["Incidents signalés", "Armes retirées"],
      status: "planned",
      body: "Les parties cessent les hostilités.\nRetrait des armes lourdes\nObservateurs",
    };
    expect(result.items[0].before).toEqual(a);
    expect(result.items[0].after).toEqual({ ...a, domain: "governance" });
  });

  it("places a removed item after the item that preceded it, in the later version's order", () => {
    // b and c removed (c after b), e moved to the top: the list follows the later version.
    const result = compareVersions(base(), version("§Sécurité|security", "e", "a", "§Gouvernance", "d"));
    expect(result.items.map((i) => `${i.kind} ${i.id}`)).toEqual(["moved e", "removed b", "removed c"]);
  });

  it("a removed first item is listed first", () => {
    const result = compareVersions(base(), version("§Sécurité|security", "b", "c", "§Gouvernance", "d", like("e", { title: "Budget annuel" })));
    expect(result.items.map((i) => `${i.kind} ${i.id}`)).toEqual(["removed a", "changed e"]);
  });

  it("agenda items have no status", () => {
    const before = doc(item("g", "Ouverture", { type: "agendaItem" }));
    const after = doc(item("g", "Ouverture", { type: "agendaItem", timeframe: "9 h" }));
    const [change] = compareVersions(before, after).items;
    expect(change.after?.status).toBeNull();
    expect(change.fields).toEqual([{ field: "timeframe", from: [], to: ["9 h"] }]);
  });

  it("never throws on odd content, and reads unknown nodes for their text", () => {
    const odd = {
      content: [
        null,
        7,
        { type: "mystery", content: [{ type: "text", text: "Texte" }, { type: "hardBreak" }, { type: "emoji", content: [{ type: "text", text: "!" }] }] },
        { type: "roadmapItem", attrs: { id: 3, domain: "nowhere", status: "later", responsibleParties: "not json", indicators: [1, " x ", ""] } },
        {
          type: "agendaItem",
          attrs: { id: "j", responsibleParties: '[{"type":"actor","name":" Elders "}]' },
          content: [{ type: "paragraph", content: [text("sans titre")] }],
        },
        { type: "horizontalRule" },
      ],
    } as unknown as CanonicalDoc;
    expect(() => compareVersions({}, odd)).not.toThrow();
    expect(() => compareVersions(odd, { content: "nope" } as unknown as CanonicalDoc)).not.toThrow();
    const read = readVersionContent(odd);
    expect(read.otherText).toBe("Texte !");
    expect(read.items).toEqual([
      {
        id: "",
        number: 1,
        section: null,
        title: "",
        domain: "governance",
        responsibleParties: [],
        timeframe: "",
        indicators: ["x"],
        status: "planned",
        body: "",
      },
      {
        id: "j",
        number: 2,
        section: null,
        title: "",
        domain: "governance",
        responsibleParties: [{ type: "actor", name: "Elders" }],
        timeframe: "",
        indicators: [],
        status: null,
        body: "sans titre",
      },
    ]);
    expect(compareVersions({}, odd).summary).toEqual({ changed: 0, added: 2, removed: 0, moved: 0, sectionsRenamed: 0 });
  });

  it("numbers nested items in document order", () => {
    const nested = doc(
      section("S"),
      like("a"),
      { type: "blockquote", content: [like("b"), { type: "orderedList", content: [{ type: "listItem", content: [like("c")] }] }] },
      like("d"),
    );
    expect(readItems(nested).map((i) => `${i.number}${i.id} ${i.section}`)).toEqual(["1a S", "2b S", "3c S", "4d S"]);
  });
});

describe("matchSections", () => {
  const s = (title: string, key: string | null = null) => ({ title, key });

  it("matches by key, then by title, then pairs the rest between matched neighbours as renames", () => {
    const before = [s("Sécurité", "security"), s("A"), s("B"), s("C"), s("D")];
    const after = [s("Sécurité renommée", "security"), s("A"), s("B bis"), s("C"), s("E"), s("F")];
    // D and E are between C and the end: a rename; F is new.
    expect(Array.from(matchSections(before, after))).toEqual([0, 1, 2, 3, 4]);
  });

  it("never pairs two different keys", () => {
    expect(Array.from(matchSections([s("Sécurité", "security")], [s("Sécurité", "governance")]))).toEqual([-1]);
  });

  it("pairs a section that lost its key by title", () => {
    expect(Array.from(matchSections([s("X"), s("Sécurité", "security")], [s("Sécurité"), s("X")]))).toEqual([-1, 0]);
  });
});

describe("sameCanonical", () => {
  it("agrees with comparing canonical JSON texts", () => {
    const pairs: [unknown, unknown][] = [
      [base(), base()],
      [
        { a: 1, b: [1, { c: "x" }] },
        { b: [1, { c: "x" }], a: 1 },
      ],
      [{ a: 1, u: undefined }, { a: 1 }],
      [{ a: 1 }, { a: 1, b: null }],
      [
        [1, undefined],
        [1, null],
      ],
      [{ n: Number.NaN }, { n: null }],
      [{ a: [1, 2] }, { a: [2, 1] }],
      [{ a: "1" }, { a: 1 }],
      [[], {}],
      [new Uint8Array([1, 2]), [1, 2]],
      [base(), baseWith("b", like("b", { domain: "land" }))],
    ];
    for (const [x, y] of pairs) expect(sameCanonical(x, y)).toBe(canonicalStringify(x) === canonicalStringify(y));
  });
});
