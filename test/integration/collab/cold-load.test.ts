// A document loaded cold from one stored row is served from the stored bytes before its Y.Doc is
// built (server/collab/document.ts, ADR 033). What must hold: every client, new or reconnecting
// with state of its own, ends with everything durable when it synced; the first writes after the
// load (which build the document) are neither lost nor applied twice; the schema check still runs.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentStructure } from "../../../server/content/document-structure.js";
import { collabFixture, paragraphText, savedCovers, storedDoc, synced, updateRowCount, waitFor, type InProcessCollab } from "../../support/collab.js";

const { client, start } = collabFixture();

const snapshotRows = (s: InProcessCollab, id: string) =>
  (s.db.prepare("SELECT count(*) AS n FROM collab_snapshots WHERE document_id = ?").get(id) as { n: number }).n;

describe.each([
  { name: "any structure", schema: false },
  { name: "the document schema", schema: true },
])("cold load from one stored row, $name", ({ schema }) => {
  /** A document with some history, compacted on unload into one snapshot row; `early` is an older state of it. */
  async function coldDocument(id: string) {
    const server = await start({ idleUnloadMs: 100, appendDelayMs: 20, ...(schema ? { structure: documentStructure() } : {}) });
    const author = client(server.url, id, { user: "alice", schema });
    await synced(author);
    author.text.insert(0, "Agenda: ceasefire terms");
    await waitFor(() => savedCovers(author), 5000, "first saved");
    const early = Y.encodeStateAsUpdate(author.doc);
    author.text.insert(author.text.length, ", exchange of prisoners");
    author.text.delete(0, 8);
    author.text.insert(0, "Round 2: ");
    await waitFor(() => savedCovers(author), 5000, "saved");
    const text = author.text.toString();
    author.destroy();
    await waitFor(() => !server.collab.isLoaded(id), 5000, "unloaded");
    expect(updateRowCount(server.db, id)).toBe(0);
    expect(snapshotRows(server, id)).toBe(1);
    return { server, early, text };
  }

  it("serves new clients the stored state, and the first writes reach everyone exactly once", async () => {
    const { server, text } = await coldDocument("doc-cold");
    const loadsBefore = server.loadCalls.length;
    const a = client(server.url, "doc-cold", { user: "alice", schema });
    const reader = client(server.url, "doc-cold", { user: "bob", access: "read", schema });
    const b = client(server.url, "doc-cold", { user: "carol", schema });
    await Promise.all([synced(a), synced(reader), synced(b)]);
    expect(server.loadCalls.length).toBe(loadsBefore + 1);
    for (const c of [a, reader, b]) expect(c.text.toString()).toBe(text);

    // Edits inside the stored text depend on its items: the server must build the document
    // before checking and applying them, in order, while new clients keep arriving.
    a.text.insert(9, "[A1]");
    b.text.insert(b.text.length, " [B1]");
    a.text.insert(0, "[A0]");
    const late = client(server.url, "doc-cold", { user: "dave", schema });
    a.text.delete(4, 5);
    await waitFor(() => savedCovers(a) && savedCovers(b), 5000, "writes saved");
    // Connected after those edits were durable: its step 2 must carry them.
    const later = client(server.url, "doc-cold", { user: "erin", access: "read", schema });
    await Promise.all([synced(late), synced(later)]);
    const expected = a.text.toString();
    for (const c of [reader, b, late, later]) {
      await waitFor(() => c.text.toString() === expected, 5000, "converged");
    }
    expect(expected).toContain("[A1]");
    expect(expected.split("[B1]")).toHaveLength(2);
    expect(expected.split("[A0]")).toHaveLength(2);
    expect(a.refused).toEqual([]);
    expect(b.refused).toEqual([]);
    const stored = await storedDoc(server.db, "doc-cold");
    expect(schema ? paragraphText(stored) : stored.getText("t").toString()).toBe(expected);
  });

  it("catches up a reconnecting client that has an older state and offline edits of its own", async () => {
    const { server, early, text } = await coldDocument("doc-cold-reconnect");
    // A client that saw only the first edit, then wrote offline (its edit depends on stored items).
    const offline = client(server.url, "doc-cold-reconnect", { user: "alice", schema, connect: false });
    Y.applyUpdate(offline.doc, early);
    offline.text.insert(offline.text.length, " (offline)");
    offline.provider.connect();
    const observer = client(server.url, "doc-cold-reconnect", { user: "bob", access: "read", schema });
    await Promise.all([synced(offline), synced(observer)]);
    await waitFor(() => offline.text.toString().includes("Round 2: ") && savedCovers(offline), 5000, "caught up and saved");
    const expected = offline.text.toString();
    expect(expected).toContain(" (offline)");
    expect(expected.replace(" (offline)", "")).toBe(text);
    await waitFor(() => observer.text.toString() === expected, 5000, "observer converged");
  });

  it("still refuses what a read-only client writes into a document served from its bytes", async () => {
    const { server, text } = await coldDocument("doc-cold-read");
    const reader = client(server.url, "doc-cold-read", { user: "bob", access: "read", schema });
    const editor = client(server.url, "doc-cold-read", { user: "alice", schema });
    await Promise.all([synced(reader), synced(editor)]);
    reader.text.insert(0, "not allowed ");
    // The editor's next edit is durable and broadcast; the reader's never is.
    editor.text.insert(editor.text.length, ".");
    await waitFor(() => savedCovers(editor), 5000, "editor saved");
    await waitFor(() => reader.text.toString().endsWith("."), 5000, "reader got the edit");
    expect(editor.text.toString()).toBe(`${text}.`);
    expect(reader.saved.every((s) => (s.stateVector.get(reader.doc.clientID) ?? 0) === 0)).toBe(true);
  });
});
