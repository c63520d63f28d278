import { EditorState } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { documentSchema } from "../../core/schema/index.js";
import { annotationHighlightsKey, buildDecorations, setHighlights, threadsAt, type HighlightSpec } from "./annotation-decorations.js";
import { AnnotationHighlights } from "./annotation-decorations.js";
import { itemAt, itemsOf } from "./annotation-doc.js";

const schema = documentSchema();
// <p>Préambule</p><roadmapItem id=item-1><itemTitle>Comité de Ber</itemTitle><p>Désigné par le chef</p></roadmapItem>
const doc = schema.nodeFromJSON({
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Préambule" }] },
    {
      type: "roadmapItem",
      attrs: { id: "item-1", domain: "governance" },
      content: [
        { type: "itemTitle", content: [{ type: "text", text: "Comité de Ber" }] },
        { type: "paragraph", content: [{ type: "text", text: "Désigné par le chef" }] },
      ],
    },
  ],
});
const itemPos = doc.child(0).nodeSize; // 11
const itemSize = doc.child(1).nodeSize;

const spec = (patch: Partial<HighlightSpec>): HighlightSpec => ({
  threadId: "t1",
  type: "legitimacy",
  kind: "range",
  from: 1,
  to: 10,
  active: false,
  resolved: false,
  label: "Légitimité",
  title: "Annotation : Légitimité",
  ...patch,
});

function plugin() {
  const ext = AnnotationHighlights.configure({ onActivate: () => undefined });
  const plugins = (ext.config.addProseMirrorPlugins as () => import("@tiptap/pm/state").Plugin[]).call({ options: ext.options } as never);
  return EditorState.create({ doc, plugins });
}

describe("annotation highlights", () => {
  it("draws a range as an inline decoration with its type's class and thread, and a tag before it", () => {
    const set = buildDecorations(doc, [spec({})]);
    const found = set.find();
    const inline = found.find((d) => d.spec.annotationKind === "range")!;
    expect([inline.from, inline.to]).toEqual([1, 10]);
    expect((inline as unknown as { type: { attrs: Record<string, string> } }).type.attrs).toEqual({
      class: "annotation-highlight annotation--legitimacy",
      "data-thread": "t1",
    });
    const tag = found.find((d) => d.from === d.to)!;
    expect(tag.from).toBe(1);
    expect(tag.spec.side).toBe(-1);
  });

  it("draws a whole item as one node decoration naming every thread on it, tags at its title", () => {
    const set = buildDecorations(doc, [
      spec({ threadId: "a", kind: "item", from: itemPos, to: itemPos + itemSize }),
      spec({ threadId: "b", kind: "item", type: "gender", active: true, from: itemPos, to: itemPos + itemSize }),
    ]);
    const node = set.find().find((d) => (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs?.["data-thread-item"])!;
    const attrs = (node as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
    expect(attrs["data-thread-item"]).toBe("a b");
    expect(attrs.class).toBe("annotation-item annotation--legitimacy annotation--gender is-active");
    expect(
      set
        .find()
        .filter((d) => d.from === d.to)
        .map((d) => d.from),
    ).toEqual([itemPos + 2, itemPos + 2]);
  });

  it("skips what no longer fits the document", () => {
    const set = buildDecorations(doc, [
      spec({ from: 5, to: 5 }),
      spec({ from: 3, to: doc.content.size + 4 }),
      spec({ kind: "item", from: 1, to: 4 }), // not an item there
    ]);
    expect(set.find()).toEqual([]);
  });

  it("follows edits between two resolutions and finds the threads under a position, innermost first", () => {
    let state = plugin();
    state = state.apply(setHighlights(state.tr, [spec({ threadId: "outer", from: 1, to: 10 }), spec({ threadId: "inner", from: 3, to: 6 })]));
    expect(threadsAt(state, 4)).toEqual(["inner", "outer"]);
    state = state.apply(state.tr.insertText("Le ", 1));
    const ranges = annotationHighlightsKey
      .getState(state)!
      .find()
      .filter((d) => d.spec.annotationKind === "range");
    expect(ranges.map((d) => [d.spec.threadId, d.from, d.to])).toEqual([
      ["outer", 4, 13],
      ["inner", 6, 9],
    ]);
    // The next resolution replaces everything.
    state = state.apply(setHighlights(state.tr, []));
    expect(threadsAt(state, 7)).toEqual([]);
  });

  it("keeps highlight changes out of the undo history", () => {
    const tr = setHighlights(plugin().tr, []);
    expect(tr.getMeta("addToHistory")).toBe(false);
  });
});

describe("items of the document", () => {
  it("lists items in order and finds the one holding a position (or starting at it)", () => {
    expect(itemsOf(doc)).toEqual([{ id: "item-1", title: "Comité de Ber", pos: itemPos }]);
    expect(itemAt(doc, itemPos + 4)?.id).toBe("item-1");
    expect(itemAt(doc, itemPos)?.id).toBe("item-1");
    expect(itemAt(doc, 3)).toBeNull();
    expect(itemAt(doc, doc.content.size + 1)).toBeNull();
  });
});
