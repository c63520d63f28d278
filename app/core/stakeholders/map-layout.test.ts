import { testActor } from "./test-actor.js";
import { describe, expect, it } from "vitest";
import {
  actorNumbers,
  CATEGORY_PALETTE,
  CELL_CAPACITY,
  categoryColour,
  fitLines,
  layoutStakeholderMap,
  LINE_HEIGHT,
  layoutOfRows,
  MARKER_RADIUS,
  type MapActor,
  type MapMarker,
  type MapRow,
  mapOfTableView,
  NO_CATEGORY_COLOUR,
  type StakeholderMapLayout,
  TEXT_SIZE,
  textWidth,
  truncate,
} from "./map-layout.js";
import { DEFAULT_QUERY } from "./table.js";
import type { StakeholderActor } from "./types.js";

const categories = [
  { id: "c-customary", label: "Customary authorities" },
  { id: "c-religious", label: "Religious leaders" },
  { id: "c-youth", label: "Youth" },
  { id: "c-women", label: "Women" },
];
const labels = { noCategory: "No category", represented: "Represented", notRepresented: "Not represented" };

let seq = 0;
function actor(name: string, legitimacy: number, influence: number, extra: Partial<MapActor> = {}): MapActor {
  seq += 1;
  return { id: `a${String(seq).padStart(4, "0")}`, name, categoryId: "c-youth", community: null, legitimacy, influence, represented: false, ...extra };
}

const layout = (actors: MapActor[], shownIds?: Set<string>) => layoutStakeholderMap({ actors, categories, labels, shownIds });

/** A marker's ink: the disc and whatever is written beside it (an overestimate, as the layout's). */
function box(m: MapMarker) {
  const first = `${m.number}${m.nameLines.length ? ` ${m.nameLines[0]}` : ""}`;
  // A named marker's number is bold (a little wider); a chip's is not.
  const rest = m.nameLines.slice(1).map((l) => m.lineX + textWidth(l));
  return {
    left: Math.min(m.cx - MARKER_RADIUS - 1, m.lineX),
    right: Math.max(m.cx + MARKER_RADIUS + 1, m.textX + textWidth(first) * (m.nameLines.length ? 1.1 : 1), ...rest),
    top: Math.min(m.cy - MARKER_RADIUS - 1, m.textY - TEXT_SIZE * 0.8),
    bottom: Math.max(m.cy + MARKER_RADIUS + 1, m.textY + (Math.max(1, m.nameLines.length) - 1) * LINE_HEIGHT + 2),
  };
}

function cellOf(l: StakeholderMapLayout, m: MapMarker) {
  return l.cells.find((c) => m.cx >= c.x && m.cx < c.x + c.size && m.cy >= c.y && m.cy < c.y + c.size)!;
}

function expectNoOverlap(l: StakeholderMapLayout) {
  const boxes = l.markers.map((m) => ({ m, b: box(m), cell: cellOf(l, m) }));
  for (const { m, b, cell } of boxes) {
    expect(b.left, `${m.name} inside its cell`).toBeGreaterThanOrEqual(cell.x);
    expect(b.right, `${m.name} inside its cell`).toBeLessThanOrEqual(cell.x + cell.size);
    expect(b.top).toBeGreaterThanOrEqual(cell.y);
    expect(b.bottom).toBeLessThanOrEqual(cell.y + cell.size);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!.b;
      const b = boxes[j]!.b;
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(overlap, `${boxes[i]!.m.name} and ${boxes[j]!.m.name} overlap`).toBe(false);
    }
}

describe("the stakeholder map's layout", () => {
  it("places actors by legitimacy (left to right) and influence (high at the top)", () => {
    const l = layout([actor("Low both", 1, 1), actor("High both", 5, 5), actor("Legitimate, weak", 5, 1), actor("Strong, contested", 1, 5)]);
    const at = (name: string) => l.markers.find((m) => m.name === name)!;
    expect(at("Low both").cx).toBeLessThan(at("Legitimate, weak").cx);
    expect(at("Strong, contested").cx).toBeLessThan(at("High both").cx);
    // SVG's y grows downward: high influence is nearer the top.
    expect(at("High both").cy).toBeLessThan(at("Legitimate, weak").cy);
    expect(cellOf(l, at("High both"))).toMatchObject({ legitimacy: 5, influence: 5 });
    expect(cellOf(l, at("Strong, contested"))).toMatchObject({ legitimacy: 1, influence: 5 });
    expect(l.cells).toHaveLength(25);
    expect(l.xTicks.map((t) => t.value)).toEqual([1, 2, 3, 4, 5]);
    // Tick 5 of influence is the topmost.
    expect(l.yTicks.find((t) => t.value === 5)!.y).toBeLessThan(l.yTicks.find((t) => t.value === 1)!.y);
  });

  it("numbers every actor 1..n in name order, whatever order they come in and whatever is filtered", () => {
    const actors = [actor("Zarma traders", 2, 2), actor("Association des femmes", 3, 3), actor("Imam of Ber", 4, 4)];
    expect([...actorNumbers(actors).entries()]).toEqual([
      [actors[1]!.id, 1],
      [actors[2]!.id, 2],
      [actors[0]!.id, 3],
    ]);
    const filtered = layout(actors, new Set([actors[0]!.id]));
    expect(filtered.key.map((k) => [k.name, k.number])).toEqual([["Zarma traders", 3]]);
    expect(filtered.markers.map((m) => m.number)).toEqual([3]);
    expect(filtered.total).toBe(3);
  });

  it("is deterministic: the same actors in any order give the same drawing", () => {
    const actors = Array.from({ length: 40 }, (_, i) => actor(`Actor ${String.fromCharCode(65 + (i % 26))}${i}`, (i % 5) + 1, ((i * 3) % 5) + 1));
    const a = layout(actors);
    const b = layout([...actors].reverse());
    expect(b).toEqual(a);
  });

  it("names the actors of a cell with few of them, truncating long names, and keeps markers apart", () => {
    const long = "Conseil communal des jeunes de la commune rurale de Ber et environs";
    const l = layout([actor("Ganda Izo", 2, 4), actor(long, 2, 4), actor("Imam", 4, 2)]);
    const named = l.markers.find((m) => m.name === long)!;
    expect(named.nameLines.length).toBeLessThanOrEqual(2);
    expect(named.nameLines.at(-1)).toMatch(/…$/);
    expect(named.nameLines.join(" ").replace(/…$/, "").length).toBeLessThan(long.length);
    expect(l.markers.find((m) => m.name === "Imam")!.nameLines).toEqual(["Imam"]);
    expectNoOverlap(l);
  });

  it("draws a crowded cell as numbered chips without names, then “+K” for what does not fit", () => {
    const crowd = Array.from({ length: 14 }, (_, i) => actor(`Fraction ${String(i).padStart(2, "0")}`, 3, 3));
    const l = layout(crowd);
    const drawn = l.markers.filter((m) => cellOf(l, m).legitimacy === 3);
    expect(drawn).toHaveLength(CELL_CAPACITY - 1);
    expect(drawn.every((m) => m.nameLines.length === 0)).toBe(true);
    // The first ones by name are drawn, the rest counted.
    expect(drawn.map((m) => m.name)).toEqual(crowd.slice(0, CELL_CAPACITY - 1).map((a) => a.name));
    expect(l.overflows).toEqual([expect.objectContaining({ legitimacy: 3, influence: 3, count: 14 - (CELL_CAPACITY - 1), numbers: [10, 11, 12, 13, 14] })]);
    expect(l.key).toHaveLength(14);
    expect(l.key.filter((k) => !k.drawn).map((k) => k.number)).toEqual([10, 11, 12, 13, 14]);
    expectNoOverlap(l);
    // Exactly the capacity: every actor drawn, no "+K".
    const exact = layout(crowd.slice(0, CELL_CAPACITY));
    expect(exact.markers).toHaveLength(CELL_CAPACITY);
    expect(exact.overflows).toEqual([]);
  });

  it("keeps three-digit numbers apart in a full cell of a 500-actor map", () => {
    const many = Array.from({ length: 500 }, (_, i) => actor(`Acteur ${String(i).padStart(3, "0")}`, (i % 5) + 1, (Math.floor(i / 5) % 5) + 1));
    const l = layout(many);
    expect(l.key).toHaveLength(500);
    expect(l.markers.length + l.overflows.reduce((n, o) => n + o.count, 0)).toBe(500);
    expect(l.markers.some((m) => m.number >= 100)).toBe(true);
    expectNoOverlap(l);
  });

  it("colours markers by the category's place in the process's order, grey without one; represented is the marker's shape", () => {
    expect(categoryColour(categories, "c-customary")).toBe(CATEGORY_PALETTE[0]);
    expect(categoryColour(categories, "c-women")).toBe(CATEGORY_PALETTE[3]);
    expect(categoryColour(categories, null)).toBe(NO_CATEGORY_COLOUR);
    expect(categoryColour(categories, "deleted-category")).toBe(NO_CATEGORY_COLOUR);
    const many = Array.from({ length: CATEGORY_PALETTE.length + 1 }, (_, i) => ({ id: `k${i}`, label: `K${i}` }));
    expect(categoryColour(many, `k${CATEGORY_PALETTE.length}`)).toBe(CATEGORY_PALETTE[0]);
    expect(new Set(CATEGORY_PALETTE).size).toBe(CATEGORY_PALETTE.length);
    expect(CATEGORY_PALETTE).not.toContain(NO_CATEGORY_COLOUR);

    const l = layout([actor("Women of Ber", 3, 3, { categoryId: "c-women", represented: true }), actor("Unknown", 1, 1, { categoryId: null })]);
    expect([...l.markers].sort((a, b) => a.number - b.number).map((m) => [m.name, m.colour, m.represented])).toEqual([
      ["Unknown", NO_CATEGORY_COLOUR, false],
      ["Women of Ber", CATEGORY_PALETTE[3], true],
    ]);
  });

  it("lists in the legend the categories drawn, in the process's order, then no category, then the two marker shapes", () => {
    const l = layout([actor("B", 1, 1, { categoryId: "c-women" }), actor("A", 1, 1, { categoryId: "c-customary" }), actor("C", 2, 2, { categoryId: null })]);
    expect(l.legend.map((i) => [i.kind, i.label])).toEqual([
      ["category", "Customary authorities"],
      ["category", "Women"],
      ["category", "No category"],
      ["represented", "Represented"],
      ["notRepresented", "Not represented"],
    ]);
    // The represented / not represented row is below the categories, and everything fits the width and height.
    expect(l.legend[3]!.cy).toBeGreaterThan(l.legend[0]!.cy);
    for (const item of l.legend) {
      expect(item.labelX + textWidth(item.label)).toBeLessThanOrEqual(l.width);
      expect(item.cy).toBeLessThan(l.height);
    }
  });

  it("gives the key the category, community and position of each actor shown", () => {
    const l = layout([actor("Chef de village", 4, 2, { categoryId: "c-customary", community: "Kel Ansar", represented: true })]);
    expect(l.key).toEqual([
      expect.objectContaining({
        number: 1,
        name: "Chef de village",
        categoryLabel: "Customary authorities",
        community: "Kel Ansar",
        represented: true,
        legitimacy: 4,
        influence: 2,
        drawn: true,
      }),
    ]);
  });

  it("keeps text at a readable size on a 390 px phone (the drawing about 350 px wide)", () => {
    const l = layout([actor("A", 1, 1)]);
    expect(l.width).toBeLessThanOrEqual(410);
    expect((TEXT_SIZE * 350) / l.width).toBeGreaterThanOrEqual(10);
  });
});

describe("fitting text", () => {
  it("truncates with an ellipsis only when needed", () => {
    expect(truncate("Ber", 100)).toBe("Ber");
    const cut = truncate("Mouvement pour le salut de l'Azawad", 60);
    expect(cut).toMatch(/…$/);
    expect(textWidth(cut)).toBeLessThanOrEqual(60);
  });

  it("wraps words into lines, cuts a word longer than a line, and ends with an ellipsis what does not fit", () => {
    expect(fitLines("Association des femmes", 80, 3)).toEqual(["Association", "des femmes"]);
    const lines = fitLines("Coordination des mouvements de l'Azawad et groupes alliés", 60, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/…$/);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(60);
    // A word longer than a line is cut with an ellipsis; the following words go on.
    const word = fitLines("Tinzawatene-Tessalit-Aguelhok et Ber", 60, 3);
    expect(word).toHaveLength(2);
    expect(word[0]).toMatch(/^Tinza.*…$/);
    expect(word[1]).toBe("et Ber");
    for (const line of word) expect(textWidth(line)).toBeLessThanOrEqual(60);
    // A word that does not fit the first line (narrowed by the number) starts on the second.
    expect(fitLines("Association des jeunes", 80, 3, 30)).toEqual(["", "Association", "des jeunes"]);
    expect(fitLines("   ", 40, 2)).toEqual([]);
  });
});

describe("the map of a table view", () => {
  const full = (over: Partial<StakeholderActor>): StakeholderActor => testActor({ id: over.name!, name: "?", ...over });

  it("draws what the table's filters keep, numbered over every actor, and returns the table's rows in its order", () => {
    const actors = [
      full({ name: "Ganda Koy", categoryId: "c-youth", influence: 4 }),
      full({ name: "Association des femmes", categoryId: "c-women", representatives: [{ userId: "u", displayName: "Aïcha" }] }),
      full({ name: "Brigade villageoise", categoryId: "c-youth", influence: 2 }),
    ];
    const { layout: l, shown } = mapOfTableView(actors, categories, { ...DEFAULT_QUERY, category: "c-youth", sort: "influence", dir: "desc" }, labels);
    expect(shown.map((a) => a.name)).toEqual(["Ganda Koy", "Brigade villageoise"]);
    expect(l.key.map((k) => [k.number, k.name])).toEqual([
      [2, "Brigade villageoise"],
      [3, "Ganda Koy"],
    ]);
    // What the page sends the browser (rows, through JSON) draws the same picture there.
    const { rows } = mapOfTableView(actors, categories, { ...DEFAULT_QUERY, category: "c-youth", sort: "influence", dir: "desc" }, labels);
    expect(rows.map((r) => [r[1], r[2], r[6], r[7]])).toEqual([
      ["Ganda Koy", 2, 0, 3],
      ["Brigade villageoise", 2, 0, 2],
    ]);
    expect(layoutOfRows(JSON.parse(JSON.stringify(rows)) as MapRow[], categories, labels, actors.length)).toEqual(l);
    const represented = mapOfTableView(actors, categories, { ...DEFAULT_QUERY, represented: "yes" }, labels);
    expect(represented.layout.key.map((k) => [k.name, k.represented])).toEqual([["Association des femmes", true]]);
  });
});
