import { describe, expect, it } from "vitest";
import { applyTableQuery, DEFAULT_QUERY, parseTableQuery, tableQueryString, tableView } from "./table.js";
import { testActor } from "./test-actor.js";
import type { StakeholderActor } from "./types.js";

const actor = (id: string, name: string, fields: Partial<StakeholderActor> = {}): StakeholderActor => testActor({ id, name, ...fields });

const actors = [
  actor("1", "Chefferie", { categoryId: "c1", influence: 4, legitimacy: 5, functions: ["justice"], community: "Kel Antessar" }),
  actor("2", "Milice", { categoryId: "c2", influence: 5, legitimacy: 1, functions: ["security"], illicitLink: "alleged", illicitSource: "x" }),
  actor("3", "Association des femmes", { influence: 2, legitimacy: 4, representatives: [{ userId: "u", displayName: "Hawa" }], sources: "Entretien à Ber" }),
];
const label = (id: string | null) => ({ c1: "Autorités coutumières", c2: "Mouvements armés" })[id ?? ""] ?? "";
const names = (query: string) => applyTableQuery(actors, parseTableQuery(new URLSearchParams(query)), label).map((a) => a.name);

describe("the actors table's query", () => {
  it("sorts by name by default, and by any column either way (ties by name)", () => {
    expect(names("")).toEqual(["Association des femmes", "Chefferie", "Milice"]);
    expect(names("sort=influence&dir=desc")).toEqual(["Milice", "Chefferie", "Association des femmes"]);
    expect(names("sort=legitimacy")).toEqual(["Milice", "Association des femmes", "Chefferie"]);
    expect(names("sort=category")).toEqual(["Association des femmes", "Chefferie", "Milice"]);
    expect(names("sort=represented&dir=desc")[0]).toBe("Association des femmes");
    expect(names("dir=desc")).toEqual(["Milice", "Chefferie", "Association des femmes"]);
  });

  it("filters by category (or none), function, representation, illicit link and words", () => {
    expect(names("category=c2")).toEqual(["Milice"]);
    expect(names("category=none")).toEqual(["Association des femmes"]);
    expect(names("fn=justice")).toEqual(["Chefferie"]);
    expect(names("represented=yes")).toEqual(["Association des femmes"]);
    expect(names("represented=no")).toEqual(["Chefferie", "Milice"]);
    expect(names("illicit=alleged")).toEqual(["Milice"]);
    expect(names("q=antessar")).toEqual(["Chefferie"]);
    expect(names("q=entretien%20ber")).toEqual(["Association des femmes"]);
    expect(names("q=FEMMES&represented=no")).toEqual([]);
  });

  it("ignores values it does not know, and writes back only what differs from the default", () => {
    const q = parseTableQuery(new URLSearchParams("sort=drop&dir=up&fn=smuggling&represented=maybe&illicit=x"));
    expect(q).toEqual(DEFAULT_QUERY);
    expect(tableQueryString(q)).toBe("");
    expect(tableQueryString(parseTableQuery(new URLSearchParams("fn=security&sort=influence&dir=desc&q=ber")))).toBe(
      "?q=ber&fn=security&sort=influence&dir=desc",
    );
  });

  it("names actors without a category as the reader reads it, so the page, the map and the CSV sort alike", () => {
    const categories = [
      { id: "c1", label: "Autorités coutumières" },
      { id: "c2", label: "Mouvements armés" },
    ];
    const view = (noCategory: string) => tableView(actors, categories, parseTableQuery(new URLSearchParams("sort=category")), noCategory).map((a) => a.name);
    // "Sans catégorie" sorts after both labels, "Aucune catégorie" before them: as the reader reads it.
    expect(view("Sans catégorie")).toEqual(["Chefferie", "Milice", "Association des femmes"]);
    expect(view("Aucune catégorie")).toEqual(["Association des femmes", "Chefferie", "Milice"]);
  });
});
