// Annotation threads naming actors of the stakeholder map, over the real app: real sessions and
// policy, the real collab socket, the real SQLite file. The links are team material even on a
// shared thread: the team reads and sets them; a representative or an observer receives no byte of
// them (no actor's id, no actor's name) over HTTP or on their live socket, and may not set them.
import * as decoding from "lib0/decoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Anchor, AnnotationsFrame, AnnotationsPageData, ThreadView } from "../../app/core/annotations/types.js";
import { MESSAGE_ANNOTATIONS } from "../../app/core/collab-wire.js";
import { rawClient, waitFor, type RawClient } from "../support/collab.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import {
  auditCount,
  categoryId,
  createInvitationViaForm,
  createProcessViaForm,
  joinWithNewAccount,
  openDb,
  query,
  shareDocument,
  userId,
} from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { openTestDb } from "../support/test-database.js";

type Role = "analyst" | "mediator" | "representative" | "observer";

let server: TestServer;
let processId: string;
let otherProcessId: string;
let documentId: string;
let facilitator: HttpClient;
const members = {} as Record<Role, { client: HttpClient; email: string }>;
const sockets: RawClient[] = [];

const PAGE_ROUTE = "routes/processes.$processId.documents.$documentId";
const ANCHOR: Anchor = { kind: "range", start: "AQIDBA==", end: "AQIDBQ==", quote: "Réouverture du marché", prefix: "", suffix: " de Ber" };

// Names and ids no page would show for any other reason: any trace of them in a party's bytes is a leak.
const CHIEF = { id: "actorChefferieTinzawaten01", name: "Chefferie de Tinzawaten" };
const SMUGGLERS = { id: "actorReseauPasseursNord02", name: "Réseau des passeurs du Nord" };
const ELSEWHERE = { id: "actorMilicesAutreProces03", name: "Milice de l'autre vallée" };
const SECRETS = [CHIEF.id, CHIEF.name, SMUGGLERS.id, SMUGGLERS.name, "passeurs", "Tinzawaten"];

const docPath = () => `/processes/${processId}/documents/${documentId}`;
const annotationsPath = () => `${docPath()}/annotations`;

/**
 * The map's actors are written straight into the database file, with ids no page would show for any
 * other reason (the map's create route is tested in stakeholders.test.ts): what is under test here
 * is what the links do once actors exist. The server's connection sees the rows at once (WAL).
 */
function insertActor(pid: string, actor: { id: string; name: string }, createdBy: string): void {
  const db = openTestDb(server.dbPath);
  try {
    const now = Date.now();
    db.prepare(
      `INSERT INTO stakeholder_actors (id, process_id, name, kind, influence, legitimacy, created_by, created_at, updated_by, updated_at)
       VALUES (?, ?, ?, 'group', 4, 2, ?, ?, ?, ?)`,
    ).run(actor.id, pid, actor.name, createdBy, now, createdBy, now);
  } finally {
    db.close();
  }
}

const links = (threadId: string) =>
  query<{ actor_id: string }>(server.dbPath, "SELECT actor_id FROM annotation_thread_actors WHERE thread_id = ? ORDER BY actor_id", threadId).map(
    (r) => r.actor_id,
  );

async function post(client: HttpClient, fields: Record<string, string | string[]>) {
  const res = await client.post(annotationsPath(), fields);
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : { text: await res.text() };
  return { status: res.status, body: body as { ok: boolean; thread?: ThreadView | null; errors?: Record<string, string>; text?: string } };
}

async function threadsOver(client: HttpClient): Promise<{ text: string; threads: ThreadView[] }> {
  const res = await client.get(annotationsPath());
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, threads: (JSON.parse(text) as { threads: ThreadView[] }).threads };
}

interface PageData {
  annotations: AnnotationsPageData;
  structure: { actors?: { id: string; name: string }[] };
}

/** The document page's loader data, as the browser fetches it on a revalidation. */
async function pageData(client: HttpClient): Promise<{ text: string; data: PageData }> {
  const res = await client.get(`${docPath()}?_data=${encodeURIComponent(PAGE_ROUTE)}`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, data: JSON.parse(text) as PageData };
}

function socket(client: HttpClient): RawClient {
  const s = rawClient(`${server.url.replace(/^http/, "ws")}/collab`, documentId, { origin: server.url, cookie: client.cookieHeader() });
  sockets.push(s);
  return s;
}

function annotationFrames(s: RawClient): AnnotationsFrame[] {
  return s.messages.flatMap((m) => {
    const decoder = decoding.createDecoder(m);
    if (decoding.readVarUint(decoder) !== MESSAGE_ANNOTATIONS) return [];
    return [JSON.parse(decoding.readVarString(decoder)) as AnnotationsFrame];
  });
}

/** The last view of a thread a socket was sent (upsert or full list). */
function lastSeen(s: RawClient, threadId: string): ThreadView | undefined {
  let seen: ThreadView | undefined;
  for (const frame of annotationFrames(s)) {
    if (frame.op === "all") seen = frame.threads.find((t) => t.id === threadId);
    else if (frame.op === "upsert" && frame.thread.id === threadId) seen = frame.thread;
  }
  return seen;
}

const upserts = (s: RawClient, threadId: string) => annotationFrames(s).filter((f) => f.op === "upsert" && f.thread.id === threadId).length;

/** Everything a socket received, as text (binary frames carry their strings as UTF-8). */
const received = (s: RawClient) => s.messages.map((m) => Buffer.from(m).toString("utf8")).join("\n");

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text, `${where} holds "${secret}"`).not.toContain(secret);
}

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  facilitator = new HttpClient(server.url);
  await signUp(facilitator, uniqueAccount("facilitator"));
  processId = await createProcessViaForm(facilitator, { title: "Dialogue de Ber" });
  otherProcessId = await createProcessViaForm(facilitator, { title: "Dialogue d'une autre vallée" });
  const youth = categoryId(server.dbPath, processId, "youth");
  for (const role of ["analyst", "mediator", "representative", "observer"] as const) {
    const extra = role === "representative" ? { categoryId: youth, affiliation: "Jeunes de Ber" } : {};
    const joined = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role, ...extra }), uniqueAccount(role));
    members[role] = { client: joined.client, email: joined.account.email };
  }
  const analystId = userId(server.dbPath, members.analyst.email);
  insertActor(processId, CHIEF, analystId);
  insertActor(processId, SMUGGLERS, analystId);
  insertActor(otherProcessId, ELSEWHERE, analystId);
  const res = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route du marché" });
  expect(res.status).toBe(302);
  documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
  await shareDocument(facilitator, processId, documentId);
});

afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await server?.stop();
});

describe("a shared thread naming actors of the stakeholder map", () => {
  let thread: ThreadView;
  let team: RawClient;
  let rep: RawClient;
  let obs: RawClient;

  beforeAll(async () => {
    team = socket(facilitator);
    rep = socket(members.representative.client);
    obs = socket(members.observer.client);
    await Promise.all([team.opened, rep.opened, obs.opened]);
    await waitFor(() => [team, rep, obs].every((s) => annotationFrames(s).some((f) => f.op === "all")), 5_000, "initial lists");
    const made = await post(members.mediator.client, {
      intent: "create",
      type: "governanceFunction",
      visibility: "shared",
      body: "Qui assure la sécurité du marché la nuit ?",
      anchor: JSON.stringify(ANCHOR),
    });
    expect(made.status).toBe(200);
    thread = made.body.thread!;
    await waitFor(() => !!lastSeen(rep, thread.id) && !!lastSeen(obs, thread.id), 5_000, "the parties receive the shared thread");
  });

  it("is named by a team member, audited, and the team sees the actors live and over HTTP", async () => {
    const before = auditCount(server.dbPath, "annotation.actorsLinked");
    const repUpserts = upserts(rep, thread.id);
    const named = await post(members.analyst.client, { intent: "actors", threadId: thread.id, actorIds: [SMUGGLERS.id, CHIEF.id] });
    expect(named.status).toBe(200);
    // In the map's order (by name), whatever order they were sent in.
    expect(named.body.thread?.actorIds).toEqual([CHIEF.id, SMUGGLERS.id]);
    expect(named.body.thread?.may.linkActors).toBe(true);
    expect(links(thread.id)).toEqual([CHIEF.id, SMUGGLERS.id].sort());
    expect(auditCount(server.dbPath, "annotation.actorsLinked")).toBe(before + 1);
    const audit = query<{ actor_user_id: string; details: string }>(
      server.dbPath,
      "SELECT actor_user_id, details FROM audit_events WHERE action = 'annotation.actorsLinked' ORDER BY id DESC LIMIT 1",
    )[0]!;
    expect(audit.actor_user_id).toBe(userId(server.dbPath, members.analyst.email));
    const details = JSON.parse(audit.details) as { thread: string; visibility: string; actors: string };
    expect(details).toMatchObject({ thread: thread.id, visibility: "shared" });
    expect(details.actors.split(", ").sort()).toEqual([CHIEF.name, SMUGGLERS.name].sort());

    await waitFor(() => lastSeen(team, thread.id)?.actorIds.length === 2, 5_000, "the team's socket is told");
    expect(lastSeen(team, thread.id)!.actorIds).toEqual([CHIEF.id, SMUGGLERS.id]);
    for (const client of [facilitator, members.analyst.client, members.mediator.client]) {
      const { threads } = await threadsOver(client);
      expect(threads.find((t) => t.id === thread.id)?.actorIds).toEqual([CHIEF.id, SMUGGLERS.id]);
    }
    // Naming the same actors again changes nothing and records nothing.
    const again = await post(facilitator, { intent: "actors", threadId: thread.id, actorIds: [CHIEF.id, SMUGGLERS.id] });
    expect(again.status).toBe(200);
    expect(auditCount(server.dbPath, "annotation.actorsLinked")).toBe(before + 1);

    // The representative's socket was sent the thread again (it changed) with no actor in it.
    await waitFor(() => upserts(rep, thread.id) > repUpserts, 5_000, "the representative's socket is sent the changed thread");
    expect(lastSeen(rep, thread.id)!.actorIds).toEqual([]);
  });

  it("gives the team the map's actors in the page data, and a representative or an observer none, nor any link", async () => {
    for (const client of [facilitator, members.mediator.client, members.analyst.client]) {
      const { data } = await pageData(client);
      expect(data.annotations.actors).toEqual([CHIEF, SMUGGLERS]);
      expect(data.annotations.threads.find((t) => t.id === thread.id)?.actorIds).toEqual([CHIEF.id, SMUGGLERS.id]);
    }
    // Drafters are offered them as responsible parties too; the analyst does not edit the text.
    expect((await pageData(facilitator)).data.structure.actors).toEqual([CHIEF, SMUGGLERS]);
    expect((await pageData(members.analyst.client)).data.structure.actors).toEqual([]);
    for (const role of ["representative", "observer"] as const) {
      const { text, data } = await pageData(members[role].client);
      expect(data.annotations.actors, role).toEqual([]);
      expect(data.structure.actors ?? [], role).toEqual([]);
      const seen = data.annotations.threads.find((t) => t.id === thread.id);
      expect(seen, `${role} reads the shared thread`).toBeDefined();
      expect(seen!.actorIds).toEqual([]);
      expectNoSecret(text, `${role}'s loader data`);
    }
  });

  it("leaves no trace of the actors in anything a representative or an observer receives: page, loader data, endpoint, live socket", async () => {
    // The search would find them: the team's page carries them (in its loader data).
    expect(await (await facilitator.get(docPath())).text()).toContain(SMUGGLERS.name);
    for (const role of ["representative", "observer"] as const) {
      const { client } = members[role];
      const page = await client.get(docPath());
      expect(page.status).toBe(200);
      expectNoSecret(await page.text(), `${role}'s page`);
      const { text, threads } = await threadsOver(client);
      expect(threads.find((t) => t.id === thread.id)?.actorIds).toEqual([]);
      expectNoSecret(text, `${role}'s annotations`);
      expectNoSecret((await pageData(client)).text, `${role}'s loader data`);
    }
    // A socket opened now gets the full list at connect: no actor in it either.
    const late = socket(members.representative.client);
    await waitFor(() => !!lastSeen(late, thread.id), 5_000, "a new socket lists the thread");
    await new Promise((r) => setTimeout(r, 200));
    for (const [who, s] of [
      ["representative", rep],
      ["observer", obs],
      ["representative (late)", late],
    ] as const) {
      expectNoSecret(received(s), `${who}'s socket`);
    }
  });

  it("may not be named by a representative or an observer: refused, nothing stored, nothing recorded", async () => {
    const before = auditCount(server.dbPath, "annotation.actorsLinked");
    for (const role of ["representative", "observer"] as const) {
      const res = await post(members[role].client, { intent: "actors", threadId: thread.id, actorIds: [CHIEF.id] });
      expect([403, 404], `${role}: ${res.status}`).toContain(res.status);
      expect(res.body.ok).toBe(false);
      expectNoSecret(JSON.stringify(res.body), `${role}'s refusal`);
      // Clearing is a change too.
      expect([403, 404]).toContain((await post(members[role].client, { intent: "actors", threadId: thread.id })).status);
    }
    expect(links(thread.id)).toEqual([CHIEF.id, SMUGGLERS.id].sort());
    expect(auditCount(server.dbPath, "annotation.actorsLinked")).toBe(before);
  });

  it("refuses an actor of another process (as an unknown one), storing nothing", async () => {
    const before = auditCount(server.dbPath, "annotation.actorsLinked");
    for (const actorIds of [[ELSEWHERE.id], [CHIEF.id, ELSEWHERE.id], ["noSuchActorAnywhere"]]) {
      const res = await post(facilitator, { intent: "actors", threadId: thread.id, actorIds });
      expect(res.status, JSON.stringify(actorIds)).toBe(400);
      expect(res.body.errors).toEqual({ actorIds: "stakeholders.errors.actorNotFound" });
    }
    expect(links(thread.id)).toEqual([CHIEF.id, SMUGGLERS.id].sort());
    expect(auditCount(server.dbPath, "annotation.actorsLinked")).toBe(before);
  });

  it("is cleared by naming none, audited", async () => {
    const before = auditCount(server.dbPath, "annotation.actorsLinked");
    const cleared = await post(members.mediator.client, { intent: "actors", threadId: thread.id });
    expect(cleared.status).toBe(200);
    expect(cleared.body.thread?.actorIds).toEqual([]);
    expect(links(thread.id)).toEqual([]);
    expect(auditCount(server.dbPath, "annotation.actorsLinked")).toBe(before + 1);
    await waitFor(() => lastSeen(team, thread.id)?.actorIds.length === 0, 5_000, "the team's socket is told");
  });

  it("loses an actor deleted from the map (the link goes with it, the team's live pages are told); the thread stays", async () => {
    expect((await post(members.analyst.client, { intent: "actors", threadId: thread.id, actorIds: [CHIEF.id, SMUGGLERS.id] })).status).toBe(200);
    await waitFor(() => lastSeen(team, thread.id)?.actorIds.length === 2, 5_000, "the team's socket sees both");
    // The analyst deletes the actor through the map's own page.
    const deleted = await members.analyst.client.post(`/processes/${processId}/stakeholders/${SMUGGLERS.id}`, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(links(thread.id)).toEqual([CHIEF.id]);
    await waitFor(() => JSON.stringify(lastSeen(team, thread.id)?.actorIds) === JSON.stringify([CHIEF.id]), 5_000, "the team's socket is told");
    expect(query(server.dbPath, "SELECT id FROM annotation_threads WHERE id = ?", thread.id)).toHaveLength(1);
    const { threads } = await threadsOver(facilitator);
    const seen = threads.find((t) => t.id === thread.id);
    expect(seen?.actorIds).toEqual([CHIEF.id]);
    expect(seen?.messages.map((m) => m.body)).toEqual(["Qui assure la sécurité du marché la nuit ?"]);
    expect((await pageData(facilitator)).data.annotations.actors).toEqual([CHIEF]);
    // The deleted actor can no longer be named.
    expect((await post(facilitator, { intent: "actors", threadId: thread.id, actorIds: [SMUGGLERS.id] })).status).toBe(400);
  });
});
