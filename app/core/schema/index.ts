// The document schema shared by the browser editor and the server. No React here: the editor
// adds node views by extending AgendaItem/RoadmapItem (extend keeps name, attrs and content, so
// the schema is identical).
import { getSchema, type AnyExtension, type JSONContent } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { Blockquote } from "@tiptap/extension-blockquote";
import { Bold } from "@tiptap/extension-bold";
import { Code } from "@tiptap/extension-code";
import { CodeBlock } from "@tiptap/extension-code-block";
import { Document } from "@tiptap/extension-document";
import { HardBreak } from "@tiptap/extension-hard-break";
import { Heading } from "@tiptap/extension-heading";
import { HorizontalRule } from "@tiptap/extension-horizontal-rule";
import { Italic } from "@tiptap/extension-italic";
// Subpath imports: the packages' main entries also bring task lists and undo/redo (prosemirror-history),
// which a bundler keeps because creating an extension is a call it cannot prove pure.
import { BulletList } from "@tiptap/extension-list/bullet-list";
import { ListItem } from "@tiptap/extension-list/item";
import { ListKeymap } from "@tiptap/extension-list/keymap";
import { OrderedList } from "@tiptap/extension-list/ordered-list";
import { Paragraph } from "@tiptap/extension-paragraph";
import { Strike } from "@tiptap/extension-strike";
import { Text } from "@tiptap/extension-text";
import { Underline } from "@tiptap/extension-underline";
import { Dropcursor } from "@tiptap/extensions/drop-cursor";
import { Gapcursor } from "@tiptap/extensions/gap-cursor";
import { Link } from "./link.js";
import { AgendaItem, ItemTitle, RoadmapItem, SectionTitle } from "./items.js";

export * from "./items.js";

export { DOCUMENT_FIELD } from "../document-field.js";

/**
 * What StarterKit gave the editor, in StarterKit's order (the schema's node and mark order follows
 * it), composed here so the browser downloads only what is used: Collaboration brings its own undo
 * (a Yjs UndoManager), so no UndoRedo (prosemirror-history); TrailingNode would make every client
 * append a paragraph at once (and a read-only client write); our link mark has the same schema
 * without linkifyjs. Dropcursor and Gapcursor stay: dragging and the caret between two items use
 * them. The schema is pinned by schema-spec.test.ts.
 */
export function baseExtensions(): AnyExtension[] {
  // Every block finds its own direction (dir="auto"): Tamasheq and Arabic names and quotes are
  // written right to left inside French or English text. HTML attributes only: the stored content
  // (and so its hash) does not change.
  const auto = { HTMLAttributes: { dir: "auto" } };
  return [
    Bold,
    Blockquote.configure(auto),
    BulletList,
    Code,
    CodeBlock,
    Document,
    Dropcursor,
    Gapcursor,
    HardBreak,
    Heading.configure(auto),
    HorizontalRule,
    Italic,
    ListItem.configure(auto),
    ListKeymap,
    Link,
    OrderedList,
    Paragraph.configure(auto),
    Strike,
    Text,
    Underline,
  ];
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
