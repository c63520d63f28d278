import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { canonicalJson, canonicalStringify, canonicalVersionOf, versionHashOf } from "./canonical.js";

function paragraph(text: string, attrs: Record<string, unknown> = {}): Y.XmlElement {
  const p = new Y.XmlElement("paragraph");
  for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v as string);
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** History A: typed in one go by one client. */
function historyA(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const f = doc.getXmlFragment("default");
  const h = new Y.XmlElement("heading");
  h.setAttribute("level", 1 as unknown as string);
  h.insert(0, [new Y.XmlText("Feuille de route")]);
  f.insert(0, [h, paragraph("Cessation des hostilités immédiate.")]);
  (f.get(1) as Y.XmlElement).get(0) instanceof Y.XmlText && ((f.get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 10, { bold: {} });
  return doc;
}

/** History B: same content, other client ids, typed out of order, with deletions and a split bold. */
function historyB(): Y.Doc {
  const a = new Y.Doc();
  a.clientID = 987654;
  const b = new Y.Doc();
  b.clientID = 42;
  const fa = a.getXmlFragment("default");
  const p = new Y.XmlElement("paragraph");
  const t = new Y.XmlText();
  p.insert(0, [t]);
  fa.insert(0, [p]);
  t.insert(0, "immédiate.");
  t.insert(0, "Cessation XXX des hostilités ");
  t.delete(10, 4);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const fb = b.getXmlFragment("default");
  const h = new Y.XmlElement("heading");
  h.setAttribute("level", 1 as unknown as string);
  h.insert(0, [new Y.XmlText("Feuille route")]);
  fb.insert(0, [h]);
  ((fb.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(8, "de ");
  const tb = (fb.get(1) as Y.XmlElement).get(0) as Y.XmlText;
  tb.format(0, 5, { bold: {} });
  tb.format(5, 5, { bold: {} });
  tb.format(3, 2, { italic: {} });
  tb.format(3, 2, { italic: null });
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  return a;
}

describe("canonical content and version hash", () => {
  it("gives the same canonical JSON and hash for the same content reached by different edit histories", () => {
    const a = historyA();
    const b = historyB();
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(versionHashOf(canonicalJson(b))).toBe(versionHashOf(canonicalJson(a)));
    expect(canonicalVersionOf([Y.encodeStateAsUpdate(b)]).hash).toBe(canonicalVersionOf([Y.encodeStateAsUpdate(a)]).hash);
  });

  it("has the documented shape: sorted keys, marks, attributes", () => {
    expect(canonicalJson(historyA())).toBe(
      '{"content":[{"attrs":{"level":1},"content":[{"text":"Feuille de route","type":"text"}],"type":"heading"},' +
        '{"content":[{"marks":[{"type":"bold"}],"text":"Cessation ","type":"text"},{"text":"des hostilités immédiate.","type":"text"}],"type":"paragraph"}],"type":"doc"}',
    );
    expect(versionHashOf("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(canonicalStringify({ b: 1, a: [true, null, "x"], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
  });

  it("changes the hash on any change of text, attribute, mark or structure", () => {
    const base = versionHashOf(canonicalJson(historyA()));
    const variants: ((d: Y.Doc) => void)[] = [
      (d) => ((d.getXmlFragment("default").get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, " "),
      (d) => ((d.getXmlFragment("default").get(1) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 1),
      (d) => (d.getXmlFragment("default").get(0) as Y.XmlElement).setAttribute("level", 2 as unknown as string),
      (d) => ((d.getXmlFragment("default").get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 10, { bold: null }),
      (d) => ((d.getXmlFragment("default").get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 3, { italic: {} }),
      (d) => d.getXmlFragment("default").insert(2, [new Y.XmlElement("paragraph")]),
      (d) => d.getXmlFragment("default").delete(0, 1),
    ];
    const hashes = new Set<string>([base]);
    for (const change of variants) {
      const doc = historyA();
      change(doc);
      hashes.add(versionHashOf(canonicalJson(doc)));
    }
    expect(hashes.size).toBe(variants.length + 1);
  });

  it("ignores other shared types (awareness-like maps, a text named t)", () => {
    const doc = historyA();
    const before = canonicalJson(doc);
    doc.getText("t").insert(0, "noise");
    doc.getMap("meta").set("x", 1);
    expect(canonicalJson(doc)).toBe(before);
  });
});
