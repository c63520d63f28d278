import { describe, expect, it } from "vitest";
import { DOMAIN_INFO } from "../core/domains.js";
import { getTemplate, templateDocument } from "../core/templates.js";
import { matchDomains, outline, slashQuery } from "./outline.js";

describe("outline", () => {
  it("lists sections with item counts and items grouped by domain", () => {
    let i = 0;
    const o = outline(templateDocument(getTemplate("roadmap-anefis")!, "en", () => `i${i++}`));
    expect(o.sections.map((s) => [s.title, s.items])).toEqual([
      ["Cessation of hostilities", 1],
      ["Intra- and inter-communal reconciliation", 1],
      ["Exchange of prisoners", 1],
      ["Interim local administrations", 1],
      ["Free movement of people and goods", 1],
      ["Local governance", 0],
      ["Socio-economic development", 0],
      ["Implementation", 1],
    ]);
    const counts = Object.fromEntries(o.byDomain.map((g) => [g.domain, g.items.length]));
    expect(counts).toEqual({ security: 1, governance: 1, development: 0, reconciliation: 2, movement: 1, land: 0, implementation: 1 });
  });
});

describe("slash menu matching", () => {
  const labels = (d: keyof typeof DOMAIN_INFO) => [DOMAIN_INFO[d].label.en, DOMAIN_INFO[d].label.fr];
  it("reads the query after a slash", () => {
    expect(slashQuery("/")).toBe("");
    expect(slashQuery("/Dév")).toBe("dév");
    expect(slashQuery("text /dev")).toBeNull();
  });
  it("matches keys and labels in both languages, accent-insensitively", () => {
    expect(matchDomains("dev", labels)).toEqual(["development"]);
    expect(matchDomains("secu", labels)).toEqual(["security"]);
    expect(matchDomains("gouv", labels)).toEqual(["governance"]);
    expect(matchDomains("", labels)).toHaveLength(7);
  });
});
