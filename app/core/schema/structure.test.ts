import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { LANGUAGES } from "../languages.js";
import { templateDocument, TEMPLATES } from "../templates.js";
import { documentSchema } from "./index.js";
import { MALFORMED } from "../../../test/support/structures.js";
import { checkUpdateStructure, readDocument, structureRules, type StructureProblemCode } from "./structure.js";

const schema = documentSchema();
const rules = structureRules(schema);

/** A server copy and a client copy: every client update is checked against the server copy, then applied to it. */
function pair(initial?: Uint8Array) {
  const server = new Y.Doc();
  const client = new Y.Doc();
  if (initial) {
    Y.applyUpdate(server, initial);
    Y.applyUpdate(client, initial);
  }
  const verdicts: (StructureProblemCode | null)[] = [];
  client.on("update", (update: Uint8Array) => {
    const problem = checkUpdateStructure(server, Y.decodeUpdate(update), rules);
    verdicts.push(problem?.code ?? null);
    if (!problem) Y.applyUpdate(server, update);
  });
  return { server, client, verdicts, fragment: client.getXmlFragment("default") };
}

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement("paragraph");
  const t = new Y.XmlText();
  t.insert(0, text, attributes);
  p.insert(0, [t]);
  return p;
}

function item(title: string): Y.XmlElement {
  const el = new Y.XmlElement("agendaItem");
  el.setAttribute("id", "i1");
  el.setAttribute("domain", "governance");
  el.setAttribute("responsibleParties", [{ type: "category", ref: "youth" }] as unknown as string);
  el.setAttribute("indicators", ["un"] as unknown as string);
  el.setAttribute("timeframe", "3 mois");
  const t = new Y.XmlElement("itemTitle");
  const tt = new Y.XmlText();
  tt.insert(0, title);
  t.insert(0, [tt]);
  el.insert(0, [t, paragraph("Corps")]);
  return el;
}

describe("structure rules (from the shared schema)", () => {
  it("know the document's nodes, where text goes and which marks a node allows", () => {
    expect(rules.top.has("agendaItem")).toBe(true);
    expect(rules.top.has("listItem")).toBe(false);
    expect(rules.nodes.get("itemTitle")!.text).toBe(true);
    expect(rules.nodes.get("itemTitle")!.marks!.size).toBe(0);
    expect(rules.nodes.get("paragraph")!.marks).toBeNull();
    expect(rules.nodes.get("bulletList")!.text).toBe(false);
    expect([...rules.nodes.get("roadmapItem")!.attrs].sort()).toEqual(["domain", "id", "indicators", "responsibleParties", "status", "timeframe"]);
    expect([...rules.marks.get("link")!]).toContain("href");
  });
});

describe("checkUpdateStructure accepts what the editor writes", () => {
  for (const template of TEMPLATES) {
    for (const language of LANGUAGES) {
      it(`a seeded ${template.id} (${language}), and it reads cleanly`, () => {
        let i = 0;
        const doc = prosemirrorJSONToYDoc(
          schema,
          templateDocument(template, language, () => `item-${i++}`),
          "default",
        );
        const update = Y.encodeStateAsUpdate(doc);
        expect(checkUpdateStructure(new Y.Doc(), Y.decodeUpdate(update), rules)).toBeNull();
        const reading = readDocument(doc, schema);
        expect(reading.problems).toEqual([]);
        expect(reading.doc.childCount).toBe(doc.getXmlFragment("default").length);
      });
    }
  }

  it("typing (long chains of left origins), formatting, attributes, lists, hard breaks, deletions", () => {
    const { client, server, verdicts, fragment } = pair();
    fragment.insert(0, [paragraph("Cessation")]);
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    for (let i = 0; i < 3000; i++) text.insert(text.length, "x"); // one item per keystroke, each after the last
    client.transact(() => {
      for (let i = 0; i < 2000; i++) text.insert(9 + i, "y");
    });
    text.format(0, 4, { bold: {} });
    text.format(2, 6, { italic: {} });
    text.format(0, 2, { bold: null });
    text.format(1, 3, { link: { href: "https://example.org", target: "_blank", rel: null, class: null, title: null } });
    fragment.insert(1, [item("Administration intérimaire")]);
    (fragment.get(1) as Y.XmlElement).setAttribute("domain", "development");
    const list = new Y.XmlElement("bulletList");
    const li = new Y.XmlElement("listItem");
    li.insert(0, [paragraph("un")]);
    list.insert(0, [li]);
    (fragment.get(1) as Y.XmlElement).insert(2, [list]);
    const p = paragraph("avant");
    p.insert(1, [new Y.XmlElement("hardBreak")]);
    fragment.insert(2, [p]);
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", 2 as unknown as string);
    fragment.insert(3, [heading]);
    text.delete(0, 100);
    fragment.delete(2, 1);
    expect(verdicts.filter((v) => v !== null)).toEqual([]);
    expect(readDocument(server, schema).problems).toEqual([]);
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(client));
  });

  it("a concurrent edit whose neighbour the server already garbage-collected (it integrates as garbage)", () => {
    const { client, server, verdicts, fragment } = pair();
    fragment.insert(0, [paragraph("abc")]);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(client));
    // The client deletes the paragraph (the server GCs it); the other side typed into it meanwhile.
    fragment.delete(0, 1);
    const t = (other.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const late: Uint8Array[] = [];
    other.on("update", (u: Uint8Array) => late.push(u));
    t.insert(1, "Z");
    expect(verdicts).toEqual([null, null]);
    expect(checkUpdateStructure(server, Y.decodeUpdate(late[0]!), rules)).toBeNull();
  });
});

describe("checkUpdateStructure refuses what the schema cannot show", () => {
  for (const row of MALFORMED) {
    it(row.name, () => {
      const base = new Y.Doc();
      base.getXmlFragment("default").insert(0, [item("Titre")]);
      const { client, server, verdicts } = pair(Y.encodeStateAsUpdate(base));
      const before = Y.encodeStateAsUpdate(server);
      row.write(client, client.getXmlFragment("default"));
      expect(verdicts).toContain(row.code);
      // Nothing of a refused update reached the server copy.
      expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    });
  }

  it("a frame whose parent reference points into text, as if it were a node", () => {
    const base = new Y.Doc();
    base.getXmlFragment("default").insert(0, [paragraph("abc")]);
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(base));
    // Find a string item and forge a child whose parent is that item.
    const p = base.getXmlFragment("default").get(0) as Y.XmlElement;
    const textItem = (p.get(0) as Y.XmlText)._start!;
    const forged = new Y.Doc();
    forged.clientID = 999;
    const hostile = new Y.XmlElement("paragraph");
    forged.getXmlFragment("default").insert(0, [hostile]);
    const decoded = Y.decodeUpdate(Y.encodeStateAsUpdate(forged));
    const struct = decoded.structs[0] as Y.Item;
    struct.parent = textItem.id;
    struct.parentSub = null;
    expect(checkUpdateStructure(server, decoded, rules)?.code).toBe("foreignContent");
  });
});

describe("readDocument never throws and reads what the schema can represent", () => {
  for (const row of MALFORMED) {
    it(`state holding ${row.name}`, () => {
      const doc = new Y.Doc();
      doc.getXmlFragment("default").insert(0, [item("Titre")]);
      row.write(doc, doc.getXmlFragment("default"));
      const reading = readDocument(doc, schema);
      // Many nodes are fine in a state (the cap is per update); everything else is reported.
      if (row.code === "tooManyNodes") expect(reading.problems).toEqual([]);
      else expect(reading.problems.map((p) => p.code)).toContain(row.code);
      // The honest item is still there, with its title.
      const json = JSON.stringify(reading.doc.toJSON());
      expect(json).toContain("Titre");
    });
  }
});
