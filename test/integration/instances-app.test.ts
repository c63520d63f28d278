// Two real app processes (server/index.ts over the built app) on one database, joined by a real
// Redis (REDIS_URL): members on different instances edit one text live, a round opened on A
// freezes B's editors at once, rights changed on A reach B's sockets, an instance killed mid-typing
// loses nothing any editor saw and one started late catches up. The database is a shared SQLite
// file, or one PostgreSQL database in the integration-postgres project; the collab layer's own
// multi-instance suite has the hostile cases (test/integration/collab/instances.test.ts).
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { connectClient, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query, shareDocument } from "../support/processes.js";
import { writeValidDraft } from "../support/documents.js";
import { freshDbPath, startServer, type TestServer } from "../support/server.js";
import { describeRedis, startRedis, type TestRedis } from "../support/redis.js";

let redis: TestRedis;
let a: TestServer;
let b: TestServer;
let late: TestServer | undefined;
let env: Record<string, string>;
let fac: HttpClient;
let mediator: HttpClient;
let processId: string;
let documentId: string;
const open: TestClient[] = [];

/** A live editor of the document on `server`, with `member`'s session (valid on every instance: one database). */
function connect(server: TestServer, member: HttpClient, id = documentId) {
  const c = connectClient(server.url.replace(/^http/, "ws") + "/collab", id, { headers: { cookie: member.cookieHeader() }, origin: server.url });
  open.push(c);
  return c;
}

function typeParagraph(c: TestClient, text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  c.doc.getXmlFragment("default").push([p]);
}

const paragraphs = (c: TestClient) =>
  c.doc
    .getXmlFragment("default")
    .toArray()
    .map((n) => (n instanceof Y.XmlElement ? n.toString() : ""))
    .join("\n");

describeRedis("two app instances on one database", () => {
  beforeAll(async () => {
    redis = await startRedis();
    const dbPath = freshDbPath();
    env = { OPEN_SIGNUP: "true", REDIS_URL: redis.url };
    a = await startServer({ dbPath, env });
    b = await startServer({ dbPath, env });
    fac = new HttpClient(a.url);
    await signUp(fac, uniqueAccount("facilitator"));
    processId = await createProcessViaForm(fac, { title: "Dialogue de Ménaka" });
    mediator = (await joinWithNewAccount(a.url, await createInvitationViaForm(fac, processId, { role: "mediator" }))).client;
    const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ménaka" });
    documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    await shareDocument(fac, processId, documentId);
    await writeValidDraft(a.url, fac, documentId, "roadmap");
  });

  afterAll(async () => {
    for (const c of open) c.destroy();
    await a?.stop();
    await b?.stop();
    await late?.stop();
    await redis?.stop();
  });

  it("members on different instances edit one text live, and a round opened on A freezes B's editors at once", async () => {
    const onA = connect(a, fac);
    const onB = connect(b, mediator);
    await waitFor(() => onA.provider.synced && onB.provider.synced, 10_000, "synced on both instances");
    typeParagraph(onA, "Cessation des hostilités (instance A).");
    typeParagraph(onB, "Libre circulation des personnes (instance B).");
    await waitFor(() => paragraphs(onA).includes("instance B") && paragraphs(onB).includes("instance A"), 10_000, "each sees the other's paragraph");
    await waitFor(() => paragraphs(onA) === paragraphs(onB), 10_000, "convergence");

    // The round opens on A; B's socket turns read-only without reconnecting, told why.
    const youth = categoryId(a.dbPath, processId, "youth");
    const opened = await fac.post(`/processes/${processId}/documents/${documentId}`, { intent: "open", categoryIds: [youth], inPersonCategoryIds: [youth] });
    expect(opened.status, await opened.clone().text()).toBe(200);
    await waitFor(() => onB.access.at(-1) === "read", 5_000, "B's editor downgraded");
    await waitFor(() => onB.reasons.at(-1)?.kind === "lockedForSignOff", 5_000, "B told the text is locked");
    expect(onB.closes).toEqual([]);
    // The page on B is told to reload its data (the sign-off panel follows the round live).
    await waitFor(() => onB.changed > 0, 5_000, "CHANGED on B");

    // What B's member sends now is dropped by B and never stored.
    const rowsBefore = query<{ n: number }>(a.dbPath, "SELECT COUNT(*) AS n FROM collab_updates WHERE document_id = ?", documentId)[0]!.n;
    typeParagraph(onB, "FORGED ON B");
    await waitFor(() => b.logs.some((l) => l.includes("collab write dropped")), 5_000, "B dropped the write");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(query<{ n: number }>(a.dbPath, "SELECT COUNT(*) AS n FROM collab_updates WHERE document_id = ?", documentId)[0]!.n).toBe(rowsBefore);
    expect(paragraphs(onA)).not.toContain("FORGED ON B");
  }, 60_000);

  it("a member removed on A loses their socket on B at once", async () => {
    const onB = connect(b, mediator);
    await waitFor(() => onB.provider.synced, 10_000, "synced on B");
    const mediatorId = query<{ user_id: string }>(a.dbPath, "SELECT user_id FROM process_members WHERE process_id = ? AND role = 'mediator'", processId)[0]!
      .user_id;
    const res = await fac.post(`/processes/${processId}/members`, { intent: "remove", userId: mediatorId });
    expect(res.status, await res.clone().text()).toBeLessThan(400);
    await waitFor(() => onB.closes.some((c) => c.code === 4403), 5_000, "B's socket closed (4403)");
  }, 60_000);

  it("an instance killed mid-typing loses nothing its editors' peers saw, and one started late catches up", async () => {
    const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour de Ménaka" });
    const id = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    const onA = connect(a, fac, id);
    const onB = connect(b, fac, id);
    await waitFor(() => onA.provider.synced && onB.provider.synced, 10_000, "synced on both instances");
    for (let i = 1; i <= 5; i++) typeParagraph(onB, `Point ${i} saisi sur B.`);
    await waitFor(() => paragraphs(onA).includes("Point 5 saisi sur B."), 10_000, "A's editor saw B's paragraphs");
    const seenOnA = paragraphs(onA);

    await b.kill();
    typeParagraph(onA, "Saisi sur A après la panne de B.");
    late = await startServer({ dbPath: a.dbPath, env });
    const onLate = connect(late, fac, id);
    await waitFor(() => onLate.provider.synced, 10_000, "synced on the late instance");
    // Everything A's editor saw from B was durable before A was sent it: the late instance, reading
    // storage, has it all, and what A's editor typed after the crash.
    await waitFor(() => paragraphs(onLate).includes("après la panne"), 10_000, "the late instance has A's paragraph");
    for (let i = 1; i <= 5; i++) expect(paragraphs(onLate)).toContain(`Point ${i} saisi sur B.`);
    expect(paragraphs(onLate).startsWith(seenOnA)).toBe(true);
    // The late instance is part of the relay at once, both ways.
    typeParagraph(onLate, "Saisi sur l'instance tardive.");
    await waitFor(() => paragraphs(onA).includes("instance tardive"), 10_000, "A's editor got the late instance's paragraph");
    await waitFor(() => paragraphs(onA) === paragraphs(onLate), 10_000, "convergence");
  }, 90_000);
});
