// What the editor needs to know about a document's structure: its kind, template (rules) and the
// process's stakeholder categories (to offer and to name responsible parties). Plain data from the
// route loader; shared by the node views, the findings panel and the outline.
import { createContext, useContext } from "react";
import { categoryLabel, type EditorCategory } from "../core/categories.js";
import type { DocumentKind } from "../core/documents.js";
import type { Language } from "../core/languages.js";

export interface DocumentStructure {
  kind: DocumentKind;
  templateId: string | null;
  categories: EditorCategory[];
  /** The stakeholder map's actors, offered as responsible parties to drafters who read the map (empty otherwise). */
  actors?: { id: string; name: string }[];
}

export const StructureContext = createContext<DocumentStructure>({ kind: "agenda", templateId: null, categories: [], actors: [] });
export const useStructure = () => useContext(StructureContext);

/** Whether the text may be changed now; provided by the editor surface, follows read-only live. */
export const EditableContext = createContext(false);
export const useEditable = () => useContext(EditableContext);

/** A party's display name: the category's label in the language, or the actor's name. */
export function partyLabel(
  party: { type: "category"; ref: string } | { type: "actor"; name: string },
  categories: readonly EditorCategory[],
  language: Language,
): string {
  if (party.type === "actor") return party.name;
  const c = categories.find((x) => x.ref === party.ref) ?? { key: party.ref, labelEn: party.ref, labelFr: party.ref };
  return categoryLabel(c, language);
}
