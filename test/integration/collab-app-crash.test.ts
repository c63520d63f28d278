// kill -9 of the whole app (not only the collab module) while two members type: after a restart
// on the same SQLite file, every update that the other member had received is in the database,
// and both converge again with their sessions intact.
import { afterAll, expect, it } from "vitest";
import * as Y from "yjs";
import { connectClient, keepTyping, paragraphText, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createInvitationViaForm, createProcessViaForm, joinWithNewAccount } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { openTestDb } from "../support/test-database.js";

let server: TestServer | undefined;
const clients: TestClient[] = [];
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

function stored(dbPath: string, documentId: string): Y.Doc {
  const db = openTestDb(dbPath, { readonly: true });
  const doc = new Y.Doc();
  const snap = db.prepare("SELECT state_blob FROM collab_snapshots WHERE document_id = ?").get(documentId) as { state_blob: Buffer } | undefined;
  if (snap) Y.applyUpdate(doc, snap.state_blob);
  for (const row of db.prepare("SELECT update_blob FROM collab_updates WHERE document_id = ? ORDER BY seq").all(documentId) as { update_blob: Buffer }[]) {
    Y.applyUpdate(doc, row.update_blob);
  }
  db.close();
  return doc;
}

it("loses nothing another member had received when the app is killed with SIGKILL", async () => {
  server = await startServer();
  const facilitator = new HttpClient(server.url);
  await signUp(facilitator, uniqueAccount("facilitator"));
  const processId = await createProcessViaForm(facilitator);
  const created = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour" });
  const documentId = /\/documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
  const mediator = (await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role: "mediator" }))).client;

  const connect = (client: HttpClient) => {
    const c = connectClient(server!.url.replace(/^http/, "ws") + "/collab", documentId, {
      headers: { cookie: client.cookieHeader() },
      origin: server!.url,
      schema: true,
    });
    clients.push(c);
    return c;
  };
  const a = connect(facilitator);
  const b = connect(mediator);
  await waitFor(() => a.provider.synced && b.provider.synced, 10_000, "synced");

  const stopTyping = [keepTyping(a, "a"), keepTyping(b, "b")];
  await waitFor(() => a.text.length > 200 && b.text.length > 200, 15_000, "typing");
  const { dbPath, port } = server;
  await server.kill();
  for (const stop of stopTyping) stop();
  const aSawOfB = Y.getState(a.doc.store, b.doc.clientID);
  const bSawOfA = Y.getState(b.doc.store, a.doc.clientID);
  expect(aSawOfB).toBeGreaterThan(0);
  expect(bSawOfA).toBeGreaterThan(0);

  const onDisk = stored(dbPath, documentId);
  expect(Y.getState(onDisk.store, b.doc.clientID)).toBeGreaterThanOrEqual(aSawOfB);
  expect(Y.getState(onDisk.store, a.doc.clientID)).toBeGreaterThanOrEqual(bSawOfA);

  // Same file, same origin: sessions survive, clients reconnect and resend what was not durable.
  server = await startServer({ dbPath, port });
  await waitFor(() => a.provider.synced && b.provider.synced && a.text.toString() === b.text.toString(), 20_000, "converge after restart");
  await waitFor(() => paragraphText(stored(dbPath, documentId)) === a.text.toString(), 10_000, "stored after restart");
});
