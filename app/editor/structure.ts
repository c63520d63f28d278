// What the editor needs to know about a document's structure: its kind, template (rules) and the
// process's stakeholder categories (to offer and to name responsible parties). Plain data from the
// route loader; shared by the node views, the findings panel and the outline.
import { createContext, useContext } from "react";
import { categoryLabel, type EditorCategory } from "../core/categories.js";
import type { DocumentKind } from "../core/documents.js";
import type { ResponsibleParty } from "../core/item-fields.js";
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

/** A party's display name: the category's label in the language, or the actor's name (as written, linked to the map or not). */
export function partyLabel(party: ResponsibleParty, categories: readonly EditorCategory[], language: Language): string {
  if (party.type === "actor") return party.name;
  const c = categories.find((x) => x.ref === party.ref) ?? { key: party.ref, labelEn: party.ref, labelFr: party.ref };
  return categoryLabel(c, language);
}

type ActorParty = Extract<ResponsibleParty, { type: "actor" }>;

/** How a typed name is compared with the map's: trimmed, case-insensitive, composed accents (é typed or pasted alike). */
const actorKey = (name: string) => name.normalize("NFC").trim().toLowerCase();

/**
 * The party a typed actor's name stands for: written as the map writes it when it is exactly one of
 * the map's names (trimmed, case-insensitive), else the free name as typed. Only the name goes into
 * the text (see ResponsibleParty). Null for an empty name.
 */
export function actorPartyFor(typed: string, actors: readonly { id: string; name: string }[] = []): ActorParty | null {
  const name = typed.trim();
  if (!name) return null;
  const actor = actors.find((a) => actorKey(a.name) === actorKey(name));
  return { type: "actor", name: actor ? actor.name : name };
}

/** Whether the item already names this actor (the same name, case and accents composed alike). */
export function namesActor(parties: readonly ResponsibleParty[], party: ActorParty): boolean {
  return parties.some((p) => p.type === "actor" && actorKey(p.name) === actorKey(party.name));
}

/** Whether a party names an actor of the map (by name: the text keeps no id), for readers of the map. */
export function isOnMap(party: ResponsibleParty, actors: readonly { name: string }[]): boolean {
  return party.type === "actor" && actors.some((a) => actorKey(a.name) === actorKey(party.name));
}
