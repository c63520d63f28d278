// The structured blocks of agendas and roadmaps, as Tiptap nodes WITHOUT React: the browser editor
// extends them with React node views, the server uses them as they are to read stored Yjs state
// as ProseMirror JSON (getSchema). One definition, so both sides read the same document.
//
// Shape (top level of the document, flat on purpose: people insert, move and delete items freely):
//   sectionTitle  — a template section heading (attr `key`: the template's section key or null)
//   agendaItem    — itemTitle, then body blocks; attrs id, domain, responsibleParties, timeframe, indicators
//   roadmapItem   — the same, plus status
// The title is a text node (not an attr) so two people can type in it at once, like the body.
import { mergeAttributes, Node } from "@tiptap/core";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import type { Node as PMNode, Schema } from "@tiptap/pm/model";
import { Fragment, Slice } from "@tiptap/pm/model";
import { DOMAINS, isDomain, type Domain } from "../domains.js";
import { newItemId } from "../ids.js";

export { newItemId };

export const ITEM_TYPES = ["agendaItem", "roadmapItem"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export { normalizeIndicators, normalizeParties, ROADMAP_STATUSES, type ItemAttrs, type ResponsibleParty, type RoadmapStatus } from "../item-fields.js";
import type { RoadmapStatus } from "../item-fields.js";

function jsonAttr(name: string) {
  return {
    parseHTML: (el: HTMLElement) => {
      try {
        return JSON.parse(el.getAttribute(name) ?? "[]");
      } catch {
        return [];
      }
    },
    renderHTML: (value: unknown) => ({ [name]: JSON.stringify(value ?? []) }),
  };
}

export const SectionTitle = Node.create({
  name: "sectionTitle",
  group: "block",
  content: "inline*",
  defining: true,
  addAttributes() {
    return {
      key: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-section"),
        renderHTML: (attrs) => ({ "data-section": attrs.key ?? "" }),
      },
    };
  },
  // Above Heading's h2 rule, so a pasted section stays a section.
  parseHTML: () => [{ tag: "h2[data-section]", priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ["h2", mergeAttributes(HTMLAttributes, { class: "doc-section", dir: "auto" }), 0],
});

export const ItemTitle = Node.create({
  name: "itemTitle",
  content: "text*",
  marks: "",
  defining: true,
  parseHTML: () => [{ tag: "p[data-item-title]", priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ["p", mergeAttributes(HTMLAttributes, { "data-item-title": "", class: "item-title", dir: "auto" }), 0],
});

function itemAttributes(withStatus: boolean) {
  return {
    id: { default: null, parseHTML: (el: HTMLElement) => el.getAttribute("data-id"), renderHTML: (a: Record<string, unknown>) => ({ "data-id": a.id }) },
    domain: {
      default: "governance" satisfies Domain,
      parseHTML: (el: HTMLElement) => {
        const d = el.getAttribute("data-domain");
        return isDomain(d) ? d : "governance";
      },
      renderHTML: (a: Record<string, unknown>) => ({ "data-domain": a.domain }),
    },
    responsibleParties: { default: [], ...jsonAttr("data-responsible") },
    timeframe: {
      default: "",
      parseHTML: (el: HTMLElement) => el.getAttribute("data-timeframe") ?? "",
      renderHTML: (a: Record<string, unknown>) => ({ "data-timeframe": a.timeframe }),
    },
    indicators: { default: [], ...jsonAttr("data-indicators") },
    ...(withStatus
      ? {
          status: {
            default: "planned" satisfies RoadmapStatus,
            parseHTML: (el: HTMLElement) => el.getAttribute("data-status") ?? "planned",
            renderHTML: (a: Record<string, unknown>) => ({ "data-status": a.status }),
          },
        }
      : {}),
  };
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    documentItems: {
      /** Inserts an item of `domain` after the top-level block holding the selection, cursor in its title. */
      insertItem: (options: { itemType: ItemType; domain: Domain; id?: string }) => ReturnType;
    };
  }
}

/** A new item node: empty title and one empty body paragraph. */
export function createItemNode(schema: Schema, itemType: ItemType, domain: Domain, id = newItemId()): PMNode {
  const attrs: Record<string, unknown> = { id, domain, responsibleParties: [], timeframe: "", indicators: [] };
  if (itemType === "roadmapItem") attrs.status = "planned";
  return schema.nodes[itemType].create(attrs, [schema.nodes.itemTitle.create(), schema.nodes.paragraph.create()]);
}

/** Pasted or duplicated items get fresh ids: ids must stay unique for findings and the outline. */
function freshIds(fragment: Fragment): Fragment {
  const nodes: PMNode[] = [];
  fragment.forEach((node) => {
    if ((ITEM_TYPES as readonly string[]).includes(node.type.name)) {
      nodes.push(node.type.create({ ...node.attrs, id: newItemId() }, node.content, node.marks));
    } else {
      nodes.push(node.copy(freshIds(node.content)));
    }
  });
  return Fragment.from(nodes);
}

function makeItem(name: ItemType) {
  return Node.create({
    name,
    group: "block item",
    content: "itemTitle (paragraph | bulletList | orderedList)*",
    defining: true,
    // Backspace at the start of an item does not merge it into the previous block.
    isolating: true,
    addAttributes: () => itemAttributes(name === "roadmapItem"),
    parseHTML: () => [{ tag: `section[data-item="${name}"]` }],
    renderHTML: ({ HTMLAttributes }) => ["section", mergeAttributes(HTMLAttributes, { "data-item": name, class: "doc-item" }), 0],
    addCommands() {
      return {
        insertItem:
          ({ itemType, domain, id }) =>
          ({ state, tr, dispatch }) => {
            if (itemType !== name) return false; // each item extension handles its own type
            if (!(DOMAINS as readonly string[]).includes(domain)) return false;
            const node = createItemNode(state.schema, itemType, domain, id);
            const { $from } = state.selection;
            // After the top-level block holding the cursor (never inside another item).
            const at = $from.depth >= 1 ? $from.after(1) : state.doc.content.size;
            if (dispatch) {
              tr.insert(at, node);
              tr.setSelection(TextSelection.create(tr.doc, at + 2)); // inside the empty title
              tr.scrollIntoView();
            }
            return true;
          },
      };
    },
    addProseMirrorPlugins() {
      if (name !== "agendaItem") return []; // one plugin is enough for both types
      return [
        new Plugin({
          key: new PluginKey("itemFreshIds"),
          props: { transformPasted: (slice) => new Slice(freshIds(slice.content), slice.openStart, slice.openEnd) },
        }),
      ];
    },
  });
}

export const AgendaItem = makeItem("agendaItem");
export const RoadmapItem = makeItem("roadmapItem");
