// Documents for tests that need a draft with no blocking finding (sign-off rounds refuse
// otherwise): governance and development items with a title, and for roadmaps a responsible
// party and a timeframe. Written through the real collab endpoint with a member's session.
import * as Y from "yjs";
import { expect } from "vitest";
import { DEFAULT_CATEGORIES } from "../../app/core/categories.js";
import { baseTemplate } from "../../app/core/templates.js";
import { validate, type JsonNode } from "../../app/core/validation.js";
import { createDocumentCodec } from "../../server/content/document-codec.js";
import { connectClient, waitFor } from "./collab.js";
import type { HttpClient } from "./http.js";

function item(kind: "agenda" | "roadmap", id: string, domain: string, title: string): JsonNode {
  const attrs: Record<string, unknown> = {
    id,
    domain,
    responsibleParties: [
      { type: "category", ref: "local_administration" },
      { type: "actor", name: "Comité de suivi de Ber" },
    ],
    timeframe: "3 mois",
    indicators: ["Rapport mensuel au comité"],
  };
  if (kind === "roadmap") attrs.status = "planned";
  return { type: `${kind}Item`, attrs, content: [{ type: "itemTitle", content: [{ type: "text", text: title }] }] };
}

/** A small draft that passes every blocking rule of a blank document of this kind. */
export function validDraft(kind: "agenda" | "roadmap"): JsonNode {
  const json: JsonNode = {
    type: "doc",
    content: [
      item(kind, "item-governance", "governance", "Administration intérimaire de Ber"),
      item(kind, "item-development", "development", "Réouverture du marché de Ber"),
    ],
  };
  // Checked against a process with the default categories: the items name one of them.
  const categories = DEFAULT_CATEGORIES.map((c) => ({ ref: c.key, key: c.key }));
  const blocking = validate(baseTemplate(kind), json, categories).filter((f) => f.severity === "blocking");
  expect(blocking, "the test draft must have no blocking finding").toEqual([]);
  return json;
}

/** Writes `validDraft(kind)` into a (blank) document over the collab socket and waits until it is durable. */
export async function writeValidDraft(serverUrl: string, member: HttpClient, documentId: string, kind: "agenda" | "roadmap"): Promise<void> {
  await addToDraft(serverUrl, member, documentId, validDraft(kind));
}

/** Adds the blocks of `json` to a document's text over the collab socket, as a new change, and waits until it is durable. */
export async function addToDraft(serverUrl: string, member: HttpClient, documentId: string, json: JsonNode): Promise<void> {
  await editDraft(serverUrl, member, documentId, (doc) => Y.applyUpdate(doc, createDocumentCodec().encode(json)));
}

/**
 * Changes a document's text as an editing client would (a real y-websocket client with the member's
 * session), and waits until the change is durable.
 */
export async function editDraft(serverUrl: string, member: HttpClient, documentId: string, edit: (doc: Y.Doc) => void): Promise<void> {
  const client = connectClient(serverUrl.replace(/^http/, "ws") + "/collab", documentId, {
    headers: { cookie: member.cookieHeader() },
    origin: serverUrl,
  });
  try {
    await waitFor(() => client.provider.synced, 10_000, "synced");
    edit(client.doc);
    // Durable once a SAVED state vector covers everything this client holds.
    const wanted = Y.decodeStateVector(Y.encodeStateVector(client.doc));
    await waitFor(() => client.saved.some((s) => [...wanted].every(([id, clock]) => (s.stateVector.get(id) ?? 0) >= clock)), 10_000, "draft durable");
  } finally {
    client.destroy();
  }
}

/** The item element with this id in a document's text (top level). */
export function itemElement(doc: Y.Doc, id: string): Y.XmlElement {
  const item = doc
    .getXmlFragment("default")
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute("id") === id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
}

/** The text of an item's title, to type into. */
export function itemTitleText(doc: Y.Doc, id: string): Y.XmlText {
  const title = itemElement(doc, id).toArray()[0] as Y.XmlElement;
  return title.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText)!;
}
