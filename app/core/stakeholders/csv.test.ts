import { describe, expect, it } from "vitest";
import { BOM, CSV_COLUMNS, csvCell, type CsvLabels, stakeholderCsv } from "./csv.js";
import type { StakeholderActor } from "./types.js";

const labels: CsvLabels = {
  headers: Object.fromEntries(CSV_COLUMNS.map((c) => [c, c.toUpperCase()])) as CsvLabels["headers"],
  kind: (k) => (k === "group" ? "Groupe" : "Personne"),
  category: (id) => (id === "c-youth" ? "Jeunes" : "Sans catégorie"),
  fn: (f) =>
    ({ security: "Sécurité", justice: "Justice", welfare: "Protection sociale", services: "Services de base", livelihoods: "Moyens de subsistance" })[f],
  illicit: (l) => ({ none: "Aucun connu", alleged: "Présumé", established: "Établi" })[l],
  yes: "oui",
  no: "non",
};

const actor = (over: Partial<StakeholderActor>): StakeholderActor => ({
  id: "a1",
  processId: "p",
  name: "Ganda Izo",
  kind: "group",
  categoryId: "c-youth",
  community: "Songhaï",
  functions: ["security", "justice"],
  illicitLink: "alleged",
  illicitSource: "Rapport du panel, 2024",
  influence: 4,
  legitimacy: 2,
  legitimacyNotes: "Contestée à Gao",
  representatives: [
    { userId: "u1", displayName: "Aïcha Maïga" },
    { userId: "u2", displayName: "Oumar Touré" },
  ],
  representationNote: null,
  sources: "Entretiens",
  createdAt: 0,
  updatedAt: 0,
  updatedByName: "Analyste",
  ...over,
});

describe("the actors table as CSV", () => {
  it("quotes only what needs it and doubles quotes (RFC 4180)", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('the "Sheikh"')).toBe('"the ""Sheikh"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(4)).toBe("4");
  });

  it("keeps a cell that would start a formula as text", () => {
    for (const start of ["=", "+", "-", "@"]) expect(csvCell(`${start}HYPERLINK("http://x")`)).toBe(`"'${start}HYPERLINK(""http://x"")"`);
    expect(csvCell("\tSUM(A1)")).toBe("'\tSUM(A1)");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("Nord-Mali")).toBe("Nord-Mali");
  });

  it("writes a BOM, the header row, one row per actor in the order given, CRLF after every record", () => {
    const csv = stakeholderCsv(
      [
        actor({}),
        actor({
          id: "a2",
          name: "=cmd|' /C calc'!A0",
          kind: "person",
          categoryId: null,
          functions: [],
          illicitLink: "none",
          illicitSource: null,
          representatives: [],
          representationNote: "Conseil des sages, en personne",
          community: null,
          legitimacyNotes: 'Dit "le vieux"\nà Ber',
        }),
      ],
      labels,
    );
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const records = csv.slice(1).split("\r\n");
    expect(records[0]).toBe(CSV_COLUMNS.map((c) => c.toUpperCase()).join(","));
    expect(records[1]).toBe(
      'Ganda Izo,Groupe,Jeunes,Songhaï,Sécurité; Justice,Présumé,"Rapport du panel, 2024",4,2,Contestée à Gao,oui,Aïcha Maïga; Oumar Touré,,Entretiens',
    );
    expect(records[2]).toBe(
      '\'=cmd|\' /C calc\'!A0,Personne,Sans catégorie,,,Aucun connu,,4,2,"Dit ""le vieux""\nà Ber",non,,"Conseil des sages, en personne",Entretiens',
    );
    expect(records).toHaveLength(4);
    expect(records[3]).toBe("");
  });

  it("is only the header for an empty table", () => {
    expect(stakeholderCsv([], labels)).toBe(`${BOM}${CSV_COLUMNS.map((c) => c.toUpperCase()).join(",")}\r\n`);
  });
});
