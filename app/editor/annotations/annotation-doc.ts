// What the annotation layer reads from the editor's document: the items (to annotate a whole one,
// to count threads per item) and the one holding a position. Pure ProseMirror.
import type { Node as PMNode } from "@tiptap/pm/model";

const ITEM_TYPES = new Set(["agendaItem", "roadmapItem"]);

export function isItem(node: PMNode | null | undefined): boolean {
  return !!node && ITEM_TYPES.has(node.type.name);
}

export interface DocItem {
  id: string;
  title: string;
  pos: number;
}

/** The items of the document with an id, in text order (items may sit in quotes and lists). */
export function itemsOf(doc: PMNode): DocItem[] {
  const items: DocItem[] = [];
  doc.descendants((node, pos) => {
    if (!isItem(node)) return true;
    if (typeof node.attrs.id === "string" && node.attrs.id) items.push({ id: node.attrs.id, title: node.firstChild?.textContent.trim() ?? "", pos });
    return false; // items hold no items
  });
  return items;
}

/** The item holding a position, or starting there (a whole-item anchor starts at its item). */
export function itemAt(doc: PMNode, pos: number): DocItem | null {
  if (pos < 0 || pos > doc.content.size) return null;
  const $pos = doc.resolve(pos);
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (isItem(node))
      return typeof node.attrs.id === "string" && node.attrs.id
        ? { id: node.attrs.id, title: node.firstChild?.textContent.trim() ?? "", pos: $pos.before(depth) }
        : null;
  }
  const after = $pos.nodeAfter;
  if (isItem(after) && typeof after!.attrs.id === "string" && after!.attrs.id)
    return { id: after!.attrs.id, title: after!.firstChild?.textContent.trim() ?? "", pos };
  return null;
}
