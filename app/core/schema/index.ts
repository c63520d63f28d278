// The document schema shared by the browser editor and the server. No React here: the editor
// adds node views by extending AgendaItem/RoadmapItem (extend keeps name, attrs and content, so
// the schema is identical).
import { getSchema, type AnyExtension, type JSONContent } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import StarterKit from "@tiptap/starter-kit";
import { AgendaItem, ItemTitle, RoadmapItem, SectionTitle } from "./items.js";

export * from "./items.js";

export { DOCUMENT_FIELD } from "../document-field.js";

/**
 * StarterKit as the editor configures it: Collaboration brings its own undo (a Yjs UndoManager),
 * and TrailingNode would make every client append a paragraph at once (and a read-only client write).
 */
export function baseExtensions(): AnyExtension[] {
  // Every block finds its own direction (dir="auto"): Tamasheq and Arabic names and quotes are
  // written right to left inside French or English text. HTML attributes only: the stored content
  // (and so its hash) does not change.
  const auto = { HTMLAttributes: { dir: "auto" } };
  return [StarterKit.configure({ undoRedo: false, trailingNode: false, paragraph: auto, heading: auto, listItem: auto, blockquote: auto })];
}

export function documentExtensions(items: { agendaItem?: AnyExtension; roadmapItem?: AnyExtension } = {}): AnyExtension[] {
  return [...baseExtensions(), SectionTitle, ItemTitle, items.agendaItem ?? AgendaItem, items.roadmapItem ?? RoadmapItem];
}

let cached: Schema | null = null;
export function documentSchema(): Schema {
  cached ??= getSchema(documentExtensions());
  return cached;
}

export type DocumentJson = JSONContent;
