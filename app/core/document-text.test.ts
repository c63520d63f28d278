import { getSchema } from "@tiptap/core";
import { baseExtensions } from "./schema/index.js";
// The same converter the Collaboration extension uses (a dependency of it), so the Yjs shape
// under test is exactly what the editor writes.
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentText } from "./document-text.js";

const schema = getSchema(baseExtensions());

const text = (t: string, marks?: { type: string }[]) => ({ type: "text", text: t, ...(marks ? { marks } : {}) });
const p = (...content: object[]) => ({ type: "paragraph", content });

function docFrom(json: object): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schema, json, doc.getXmlFragment("default"));
  return doc;
}

const agenda = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [text("Ordre du jour — Ber 2026")] },
    p(text("Cessation des "), text("hostilités", [{ type: "bold" }]), text(" et libre circulation.")),
    p(),
    { type: "heading", attrs: { level: 2 }, content: [text("Gouvernance locale")] },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [p(text("Administration intérimaire"))] },
        {
          type: "listItem",
          content: [p(text("Justice")), { type: "orderedList", content: [{ type: "listItem", content: [p(text("Cadis"))] }] }],
        },
      ],
    },
    { type: "orderedList", content: [{ type: "listItem", content: [p(text("Monitoring"), { type: "hardBreak" }, text("commission"))] }] },
    { type: "blockquote", content: [p(text("Quoted"))] },
    { type: "horizontalRule" },
    { type: "codeBlock", content: [text("x = 1")] },
  ],
};

describe("documentText", () => {
  it("outlines headings, paragraphs and list items as the editor stores them", () => {
    expect(documentText(docFrom(agenda))).toEqual([
      { type: "heading", level: 1, text: "Ordre du jour — Ber 2026" },
      { type: "paragraph", text: "Cessation des hostilités et libre circulation." },
      { type: "heading", level: 2, text: "Gouvernance locale" },
      { type: "listItem", ordered: false, depth: 0, text: "Administration intérimaire" },
      { type: "listItem", ordered: false, depth: 0, text: "Justice" },
      { type: "listItem", ordered: true, depth: 1, text: "Cadis" },
      { type: "listItem", ordered: true, depth: 0, text: "Monitoring\ncommission" },
      { type: "paragraph", text: "Quoted" },
      { type: "paragraph", text: "x = 1" },
    ]);
  });

  it("reads an encoded update as well as a live document, and leaves the live one intact", () => {
    const doc = docFrom(agenda);
    const update = Y.encodeStateAsUpdate(doc);
    expect(documentText(update)).toEqual(documentText(doc));
    expect(doc.isDestroyed).toBe(false);
  });

  it("returns nothing for an empty document or another field", () => {
    expect(documentText(new Y.Doc())).toEqual([]);
    expect(documentText(docFrom(agenda), { field: "other" })).toEqual([]);
  });

  it("stops at maxBlocks", () => {
    expect(documentText(docFrom(agenda), { maxBlocks: 2 })).toHaveLength(2);
  });

  it("reads template sections and structured items (title, domain, timeframe, then the body)", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("default");
    const sectionTitle = new Y.XmlElement("sectionTitle");
    sectionTitle.insert(0, [new Y.XmlText("Cessation des hostilités")]);
    const item = new Y.XmlElement("roadmapItem");
    item.setAttribute("domain", "security");
    item.setAttribute("timeframe", "Sous 1 mois");
    const title = new Y.XmlElement("itemTitle");
    title.insert(0, [new Y.XmlText("Cessez-le-feu")]);
    const body = new Y.XmlElement("paragraph");
    body.insert(0, [new Y.XmlText("Dès la signature.")]);
    item.insert(0, [title, body]);
    fragment.insert(0, [sectionTitle, item]);
    expect(documentText(doc)).toEqual([
      { type: "heading", level: 1, text: "Cessation des hostilités" },
      { type: "item", domain: "security", text: "Cessez-le-feu", timeframe: "Sous 1 mois" },
      { type: "paragraph", text: "Dès la signature." },
    ]);
  });

  it("reads hand-built elements, tolerating odd attributes and stray text", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("default");
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", "3" as unknown as string);
    heading.insert(0, [new Y.XmlText("Sécurité")]);
    const bad = new Y.XmlElement("heading");
    bad.setAttribute("level", "nine");
    bad.insert(0, [new Y.XmlText("Level?")]);
    const section = new Y.XmlElement("futureBlock"); // an unknown block type: its content still reads
    const inner = new Y.XmlElement("paragraph");
    inner.insert(0, [new Y.XmlText("Point 1")]);
    section.insert(0, [inner]);
    fragment.insert(0, [heading, bad, section, new Y.XmlText("loose words")]);
    expect(documentText(doc)).toEqual([
      { type: "heading", level: 3, text: "Sécurité" },
      { type: "heading", level: 1, text: "Level?" },
      { type: "paragraph", text: "Point 1" },
      { type: "paragraph", text: "loose words" },
    ]);
  });

  it("follows concurrent edits merged from two replicas", () => {
    const a = docFrom({ type: "doc", content: [p(text("Alpha"))] });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const para = new Y.XmlElement("paragraph");
    para.insert(0, [new Y.XmlText("Beta")]);
    b.getXmlFragment("default").insert(1, [para]);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(documentText(a).map((block) => block.text)).toEqual(["Alpha", "Beta"]);
  });
});
