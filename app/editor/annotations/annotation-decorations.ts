// Highlights of annotation threads in the text, as ProseMirror DECORATIONS: they live in this
// editor's view only. Marks would be part of the document, hence of its Yjs state, synced to every
// reader (a representative would receive the team's threads inside the text) and written by
// read-only readers, which the server refuses.
//
// The layer (annotation-layer.client.tsx) resolves anchors and hands the plugin what to draw in a
// meta transaction; between two resolutions the decorations follow local and remote edits through
// the transaction mapping. Each highlight names its type in words (a small tag before it, with a
// title), never by colour alone.
import { Extension } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import type { AnnotationType } from "../../core/annotations/types.js";

export interface HighlightSpec {
  threadId: string;
  type: AnnotationType;
  kind: "range" | "item";
  from: number;
  to: number;
  active: boolean;
  resolved: boolean;
  /** Short visible name of the type, in the reader's language. */
  label: string;
  /** The full name, for the tag's title and screen readers. */
  title: string;
}

export type ActivateHow = "tag" | "text";

export interface AnnotationHighlightsOptions {
  /** A highlight (or its tag) was clicked: the threads there, innermost first. */
  onActivate: (threadIds: string[], how: ActivateHow) => void;
}

export const annotationHighlightsKey = new PluginKey<DecorationSet>("annotationHighlights");

const ITEM_TYPES = new Set(["agendaItem", "roadmapItem"]);

/** Sets what the plugin draws (the layer calls it after each resolution). */
export function setHighlights(tr: Transaction, specs: readonly HighlightSpec[]): Transaction {
  return tr.setMeta(annotationHighlightsKey, specs).setMeta("addToHistory", false);
}

/** The threads highlighted at a position (innermost first). */
export function threadsAt(state: EditorState, pos: number): string[] {
  const set = annotationHighlightsKey.getState(state);
  if (!set) return [];
  return set
    .find(pos, pos, (spec) => spec.annotationKind === "range" || spec.annotationKind === "item")
    .sort((a, b) => a.to - a.from - (b.to - b.from))
    .map((d) => d.spec.threadId as string);
}

function tag(spec: HighlightSpec): (view: EditorView) => HTMLElement {
  return () => {
    const el = document.createElement("span");
    el.className = `annotation-tag annotation--${spec.type}${spec.active ? " is-active" : ""}`;
    el.contentEditable = "false";
    el.dataset.thread = spec.threadId;
    el.title = spec.title;
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = spec.title;
    const shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = spec.label;
    el.append(hidden, shown);
    return el;
  };
}

/** The decorations of a set of highlights over a document; specs that no longer fit it are skipped. */
export function buildDecorations(doc: PMNode, specs: readonly HighlightSpec[]): DecorationSet {
  const decorations: Decoration[] = [];
  const size = doc.content.size;
  // Several threads on one item: one node decoration (its attributes would overwrite each other).
  const items = new Map<number, HighlightSpec[]>();
  for (const spec of specs) {
    if (spec.from < 0 || spec.to > size || spec.to <= spec.from) continue;
    const state = `${spec.active ? " is-active" : ""}${spec.resolved ? " is-resolved" : ""}`;
    if (spec.kind === "item") {
      const node = doc.nodeAt(spec.from);
      if (!node || !ITEM_TYPES.has(node.type.name) || node.nodeSize !== spec.to - spec.from) continue;
      items.set(spec.from, [...(items.get(spec.from) ?? []), spec]);
      // The item's thread is also found by position (a click anywhere in the item).
      decorations.push(Decoration.inline(spec.from, spec.to, {}, { threadId: spec.threadId, annotationKind: "item" }));
      // Its tag sits at the start of the item's title (inside the item and its title).
      decorations.push(Decoration.widget(spec.from + 2, tag(spec), { side: -1, ignoreSelection: true, key: `tag:${spec.threadId}:${spec.label}:${state}` }));
      continue;
    }
    decorations.push(
      Decoration.inline(
        spec.from,
        spec.to,
        { class: `annotation-highlight annotation--${spec.type}${state}`, "data-thread": spec.threadId },
        { threadId: spec.threadId, annotationKind: "range", inclusiveStart: false, inclusiveEnd: false },
      ),
      Decoration.widget(spec.from, tag(spec), { side: -1, ignoreSelection: true, key: `tag:${spec.threadId}:${spec.label}:${state}` }),
    );
  }
  for (const [from, list] of items) {
    const node = doc.nodeAt(from)!;
    const classes = list.map((s) => `annotation--${s.type}${s.active ? " is-active" : ""}${s.resolved ? " is-resolved" : ""}`);
    decorations.push(
      Decoration.node(from, from + node.nodeSize, { class: `annotation-item ${classes.join(" ")}`, "data-thread-item": list.map((s) => s.threadId).join(" ") }),
    );
  }
  return DecorationSet.create(doc, decorations);
}

export const AnnotationHighlights = Extension.create<AnnotationHighlightsOptions>({
  name: "annotationHighlights",
  addOptions: () => ({ onActivate: () => undefined }),
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<DecorationSet>({
        key: annotationHighlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const specs = tr.getMeta(annotationHighlightsKey) as HighlightSpec[] | undefined;
            if (specs) return buildDecorations(tr.doc, specs);
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
          },
        },
        props: {
          decorations: (state) => annotationHighlightsKey.getState(state),
          // Works while the text is read-only too: mousedown/click are not editing events.
          handleClick(view, pos, event) {
            const target = event.target instanceof Element ? event.target.closest<HTMLElement>("[data-thread]") : null;
            if (target?.classList.contains("annotation-tag") && target.dataset.thread) {
              options.onActivate([target.dataset.thread], "tag");
              return true;
            }
            const ids = threadsAt(view.state, pos);
            if (ids.length) options.onActivate(ids, "text");
            // The click still places the caret (or keeps the selection) as usual.
            return false;
          },
        },
      }),
    ];
  },
});
