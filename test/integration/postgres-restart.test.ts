// The app on PostgreSQL when the database restarts under it (a maintenance restart, a failover):
// every connection of the app's pool is cut, and for a moment there is no database at all. The app
// must not crash, must say so on /healthz, and must come back by itself; an editor who kept typing
// through the outage must find every sentence stored once the database is back — the collab
// server cannot store them while it is down, so the editor's copy keeps them and sends them again
// on reconnecting.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { readStoredState } from "../../app/storage/collab-store.server.js";
import { connectClient, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createProcessViaForm } from "../support/processes.js";
import { describePostgres, startPostgres, type TestPostgres } from "../support/postgres.js";
import { startServer, type TestServer } from "../support/server.js";
import { openTestSql } from "../support/test-database.js";
import { openPostgres } from "../../app/storage/postgres.server.js";

const paragraphsOf = (doc: Y.Doc) =>
  doc
    .getXmlFragment("default")
    .toArray()
    .map((n) => (n instanceof Y.XmlElement ? n.toString() : ""))
    .join("\n");

function typeParagraph(c: TestClient, text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  c.doc.getXmlFragment("default").push([p]);
}

describePostgres("the app when its PostgreSQL restarts", () => {
  let cluster: TestPostgres;
  let server: TestServer;
  let url: string;
  const open: TestClient[] = [];

  beforeAll(async () => {
    cluster = await startPostgres();
    const admin = openPostgres(cluster.url, { max: 1 });
    await admin.query("CREATE DATABASE app");
    await admin.end();
    url = cluster.urlFor("app");
    server = await startServer({ dbPath: url, env: { OPEN_SIGNUP: "true" } });
  }, 60_000);

  afterAll(async () => {
    for (const c of open) c.destroy();
    await server?.stop();
    await cluster?.stop();
  });

  /** The document's text as storage serves it, read on a connection of our own. */
  async function storedText(documentId: string): Promise<string> {
    const sql = openTestSql(url);
    try {
      const doc = new Y.Doc();
      for (const u of (await readStoredState(sql, documentId)).updates) Y.applyUpdate(doc, u);
      return paragraphsOf(doc);
    } finally {
      await sql.close();
    }
  }

  it("keeps running through the outage, reports it, and stores what an editor typed meanwhile", async () => {
    const fac = new HttpClient(server.url);
    await signUp(fac, uniqueAccount("facilitator"));
    const processId = await createProcessViaForm(fac, { title: "Dialogue de Ber" });
    const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
    const documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    const editor = connectClient(server.url.replace(/^http/, "ws") + "/collab", documentId, {
      headers: { cookie: fac.cookieHeader() },
      origin: server.url,
    });
    open.push(editor);
    await waitFor(() => editor.provider.synced, 10_000, "editor synced");
    typeParagraph(editor, "Avant le redémarrage.");
    await waitFor(() => editor.saved.length > 0, 10_000, "the first paragraph stored");

    await cluster.restart(async () => {
      // No database: the app answers, and says it is not healthy.
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      // The editor keeps typing; nothing can be stored now.
      typeParagraph(editor, "Pendant la panne, une phrase à ne pas perdre.");
      await new Promise((r) => setTimeout(r, 1_500));
    });

    // The database is back: the app is healthy again without a restart of its own.
    let healthy = false;
    for (let i = 0; i < 100 && !healthy; i++) {
      healthy = (await fetch(`${server.url}/healthz`)).status === 200;
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy).toBe(true);
    expect(server.child.exitCode).toBeNull();
    // The outage was real for the collab server: the paragraph typed during it could not be stored.
    expect(server.logs.some((l) => l.includes("collab commit failed"))).toBe(true);

    // The editor reconnects by itself and its copy reaches storage: nothing typed is lost.
    typeParagraph(editor, "Après le retour de la base.");
    let stored = "";
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      stored = await storedText(documentId);
      if (stored.includes("Après le retour")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(stored).toContain("Avant le redémarrage.");
    expect(stored).toContain("Pendant la panne, une phrase à ne pas perdre.");
    expect(stored).toContain("Après le retour de la base.");

    // Pages work again with the same session.
    expect((await fac.get(`/processes/${processId}/documents/${documentId}`)).status).toBe(200);
    // A second editor opening the document now gets all of it.
    const late = connectClient(server.url.replace(/^http/, "ws") + "/collab", documentId, {
      headers: { cookie: fac.cookieHeader() },
      origin: server.url,
    });
    open.push(late);
    await waitFor(() => late.provider.synced && paragraphsOf(late.doc).includes("Pendant la panne"), 10_000, "a new editor has every sentence");
  }, 90_000);
});
