// The confidential team layer over the real app: real sessions and policy, the real collab socket,
// the real SQLite file. What matters is what the parties RECEIVE: every HTTP body and every raw
// socket frame of a representative's and an observer's connections is recorded and searched for
// any byte of team material, while the team sees it live.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Anchor, AnnotationsFrame, ThreadView } from "../../app/core/annotations/types.js";
import { MESSAGE_ANNOTATIONS } from "../../app/core/collab-wire.js";
import { anchorForRange } from "../../app/core/annotations/anchor.js";
import { DOCUMENT_FIELD } from "../../app/core/document-field.js";
import { documentSchema } from "../../app/core/schema/index.js";
import { connectClient, rawClient, savedCovers, waitFor, type RawClient, type TestClient } from "../support/collab.js";
import { writeValidDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import {
  auditCount,
  categoryId,
  createInvitationViaForm,
  createProcessViaForm,
  joinWithNewAccount,
  query,
  shareDocument,
  userId,
} from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let processId: string;
let facilitator: HttpClient;
const members: Record<"analyst" | "mediator" | "representative" | "observer", { client: HttpClient; email: string }> = {} as never;
const sockets: RawClient[] = [];

// A valid anchor (the server stores anchors as given; resolution against the text is tested elsewhere).
const ANCHOR: Anchor = { kind: "range", start: "AQIDBA==", end: "AQIDBQ==", quote: "Administration intérimaire", prefix: "", suffix: " de Ber" };

const docPath = (documentId: string) => `/processes/${processId}/documents/${documentId}`;
const annotations = (documentId: string) => `${docPath(documentId)}/annotations`;

async function newDocument(title: string): Promise<string> {
  const res = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title });
  expect(res.status).toBe(302);
  return /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
}

function socket(client: HttpClient, documentId: string): RawClient {
  const s = rawClient(server.url.replace(/^http/, "ws") + "/collab", documentId, { origin: server.url, cookie: client.cookieHeader() });
  sockets.push(s);
  return s;
}

/** The ANNOTATIONS frames a raw socket received, decoded. */
function annotationFrames(s: RawClient): AnnotationsFrame[] {
  return s.messages.flatMap((m) => {
    const decoder = decoding.createDecoder(m);
    if (decoding.readVarUint(decoder) !== MESSAGE_ANNOTATIONS) return [];
    return [JSON.parse(decoding.readVarString(decoder)) as AnnotationsFrame];
  });
}

/** Everything a socket received, as text (frames are binary with UTF-8 strings inside). */
const received = (s: RawClient) => s.messages.map((m) => Buffer.from(m).toString("utf8")).join("\n");

function threadsSeenBy(s: RawClient): Map<string, ThreadView> {
  const threads = new Map<string, ThreadView>();
  for (const frame of annotationFrames(s)) {
    if (frame.op === "all") {
      threads.clear();
      for (const t of frame.threads) threads.set(t.id, t);
    } else if (frame.op === "upsert") threads.set(frame.thread.id, frame.thread);
    else threads.delete(frame.id);
  }
  return threads;
}

async function post(client: HttpClient, documentId: string, fields: Record<string, string>) {
  const res = await client.post(annotations(documentId), fields);
  // A document the member may not read answers the plain 404 of any unknown page, not JSON.
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : { text: await res.text() };
  return { status: res.status, body: body as { ok: boolean; thread?: ThreadView | null; errors?: Record<string, string>; text?: string } };
}

const create = (client: HttpClient, documentId: string, fields: Partial<Record<string, string>> = {}) =>
  post(client, documentId, { intent: "create", type: "legitimacy", visibility: "team", body: "Note", anchor: JSON.stringify(ANCHOR), ...fields } as Record<
    string,
    string
  >);

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  facilitator = new HttpClient(server.url);
  await signUp(facilitator, uniqueAccount("facilitator"));
  processId = await createProcessViaForm(facilitator, { title: "Dialogue de Ber" });
  const youth = categoryId(server.dbPath, processId, "youth");
  for (const role of ["analyst", "mediator", "representative", "observer"] as const) {
    const extra = role === "representative" ? { categoryId: youth, affiliation: "Jeunes de Ber" } : {};
    const joined = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role, ...extra }), uniqueAccount(role));
    members[role] = { client: joined.client, email: joined.account.email };
  }
});

const editors: TestClient[] = [];
afterAll(async () => {
  for (const e of editors) e.destroy();
  for (const s of sockets) s.ws.terminate();
  await server?.stop();
});

describe("team-only documents", () => {
  it("do not exist for representatives and observers: not listed, and 404 on the page, findings, annotations and socket, as an unknown id", async () => {
    const title = "Brouillon interne de l'équipe";
    const id = await newDocument(title);
    for (const role of ["representative", "observer"] as const) {
      const { client } = members[role];
      const overview = await (await client.get(`/processes/${processId}`)).text();
      expect(overview).not.toContain(title);
      expect(overview).not.toContain(id);
      // The same page as for an unknown id, but for the id itself (in the language switch's return
      // path) and the per-response script nonce.
      const unknownId = "AAAAAAAAAAAAAAAAAAAAAA";
      const same = (html: string) =>
        html
          .replaceAll(id, "ID")
          .replaceAll(unknownId, "ID")
          .replace(/nonce="[^"]*"/g, "");
      for (const path of [docPath(id), `${docPath(id)}/findings`, annotations(id)]) {
        const known = await client.get(path);
        const unknown = await client.get(path.replace(id, unknownId));
        expect(known.status, `${role} GET ${path}`).toBe(404);
        expect(unknown.status).toBe(404);
        expect(same(await known.text())).toBe(same(await unknown.text()));
      }
      expect((await create(client, id)).status).toBe(404);
      expect((await client.post(docPath(id), { intent: "share", visibility: "shared" })).status).toBe(404);
      expect(await socket(client, id).refused).toBe(404);
    }
    for (const role of ["analyst", "mediator"] as const) {
      const { client } = members[role];
      expect(await (await client.get(`/processes/${processId}`)).text()).toContain(title);
      expect((await client.get(docPath(id))).status).toBe(200);
    }
  });

  it("are shared and taken back by the facilitator only, audited; taking back closes the parties' live sockets; rounds need a shared text", async () => {
    const id = await newDocument("Feuille de route à partager");
    await writeValidDraft(server.url, facilitator, id, "roadmap");
    // A round cannot open on a text the representatives cannot see.
    const refused = await facilitator.post(docPath(id), { intent: "open", categoryIds: [categoryId(server.dbPath, processId, "youth")] });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Share the document with all members before opening a sign-off round");
    expect(query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM signoff_rounds WHERE document_id = ?", id)[0]!.n).toBe(0);
    // The mediator may not share.
    expect((await members.mediator.client.post(docPath(id), { intent: "share", visibility: "shared" })).status).toBe(403);
    const before = auditCount(server.dbPath, "document.shared");
    await shareDocument(facilitator, processId, id);
    expect(auditCount(server.dbPath, "document.shared")).toBe(before + 1);
    expect((await members.representative.client.get(docPath(id))).status).toBe(200);
    const live = socket(members.representative.client, id);
    await live.opened;
    const unshare = await facilitator.post(docPath(id), { intent: "share", visibility: "team" });
    expect(unshare.status).toBe(200);
    expect((await live.closed).code).toBe(4403);
    expect((await members.representative.client.get(docPath(id))).status).toBe(404);
    expect(auditCount(server.dbPath, "document.unshared")).toBeGreaterThan(0);
    // Bad input changes nothing.
    expect((await facilitator.post(docPath(id), { intent: "share", visibility: "everyone" })).status).toBe(400);
    expect(query<{ visibility: string }>(server.dbPath, "SELECT visibility FROM documents WHERE id = ?", id)[0]!.visibility).toBe("team");
  });
});

describe("annotation threads", () => {
  let documentId: string;
  let rep: RawClient;
  let obs: RawClient;
  let med: RawClient;
  const SECRET = "Le chef de fraction tient le marché par la contrebande";

  beforeAll(async () => {
    documentId = await newDocument("Feuille de route de Ber");
    await shareDocument(facilitator, processId, documentId);
    rep = socket(members.representative.client, documentId);
    obs = socket(members.observer.client, documentId);
    med = socket(members.mediator.client, documentId);
    await Promise.all([rep.opened, obs.opened, med.opened]);
    // Each socket got its (empty) list at connect.
    await waitFor(() => [rep, obs, med].every((s) => annotationFrames(s).some((f) => f.op === "all")), 5_000, "initial lists");
  });

  it("deliver a team thread live to the team and no byte of it to a representative or an observer, on the socket or over HTTP", async () => {
    const made = await create(members.analyst.client, documentId, { body: SECRET, type: "legitimacy", visibility: "team" });
    expect(made.status).toBe(200);
    const thread = made.body.thread!;
    expect(thread).toMatchObject({ type: "legitimacy", visibility: "team", status: "open", detached: false });
    expect(thread.messages.map((m) => m.body)).toEqual([SECRET]);
    await waitFor(() => threadsSeenBy(med).has(thread.id), 5_000, "the mediator receives the team thread live");
    expect(threadsSeenBy(med).get(thread.id)!.messages[0]!.body).toBe(SECRET);

    // A late team socket gets it in its list at connect.
    const late = socket(members.analyst.client, documentId);
    await waitFor(() => threadsSeenBy(late).has(thread.id), 5_000, "a new team socket lists it");
    // A page whose list is current (it came with the page) is not sent it again over the socket;
    // one whose list predates a change is.
    const current = socket(members.analyst.client, `${documentId}?annotationsSince=${Date.now() + 1}`);
    const stale = socket(members.analyst.client, `${documentId}?annotationsSince=${thread.createdAt - 1}`);
    await waitFor(() => threadsSeenBy(stale).has(thread.id), 5_000, "a page with an older list gets the full list");
    await current.opened;
    await new Promise((r) => setTimeout(r, 200));
    expect(annotationFrames(current)).toEqual([]);

    // Reply, edit, resolve: the team sees each; the parties nothing.
    expect((await post(members.mediator.client, documentId, { intent: "reply", threadId: thread.id, body: "Source : entretien du 12 mars" })).status).toBe(200);
    expect((await post(facilitator, documentId, { intent: "resolve", threadId: thread.id })).status).toBe(200);
    await waitFor(() => threadsSeenBy(med).get(thread.id)?.status === "resolved", 5_000, "resolved live");
    // A representative probing the thread by id learns nothing: the same answer as for an unknown id.
    const probe = await post(members.representative.client, documentId, { intent: "reply", threadId: thread.id, body: "?" });
    const unknown = await post(members.representative.client, documentId, { intent: "reply", threadId: "nope-nope-nope", body: "?" });
    expect(probe).toEqual(unknown);
    expect(probe.status).toBe(404);

    // Give the server time to have sent anything it would send, then search everything received.
    await new Promise((r) => setTimeout(r, 300));
    for (const [who, s, client] of [
      ["representative", rep, members.representative.client],
      ["observer", obs, members.observer.client],
    ] as const) {
      const frames = received(s);
      expect(frames, `${who}'s socket`).not.toContain(SECRET);
      expect(frames, `${who}'s socket`).not.toContain(thread.id);
      expect(frames, `${who}'s socket`).not.toContain("legitimacy");
      expect(threadsSeenBy(s).size).toBe(0);
      const bodies = await Promise.all(
        [docPath(documentId), annotations(documentId), `/processes/${processId}`].map(async (p) => (await client.get(p)).text()),
      );
      for (const body of bodies) {
        expect(body).not.toContain(SECRET);
        expect(body).not.toContain(thread.id);
        expect(body).not.toContain("Source : entretien");
      }
    }
  });

  it("deliver a shared thread to everyone; the representative replies and the team sees it live; observers only read", async () => {
    const made = await create(members.analyst.client, documentId, {
      body: "Les jeunes de Ber ne sont pas consultés",
      type: "exclusionRisk",
      visibility: "shared",
    });
    const thread = made.body.thread!;
    await waitFor(() => threadsSeenBy(rep).has(thread.id) && threadsSeenBy(obs).has(thread.id), 5_000, "the parties receive the shared thread");
    expect(threadsSeenBy(rep).get(thread.id)!.may).toEqual({ reply: true, resolve: false, linkActors: false });
    expect(threadsSeenBy(obs).get(thread.id)!.may).toEqual({ reply: false, resolve: false, linkActors: false });

    const reply = await post(members.representative.client, documentId, { intent: "reply", threadId: thread.id, body: "Nous demandons une place au comité" });
    expect(reply.status).toBe(200);
    await waitFor(() => threadsSeenBy(med).get(thread.id)?.messages.length === 2, 5_000, "the team sees the reply live");
    expect(threadsSeenBy(med).get(thread.id)!.messages[1]).toMatchObject({ body: "Nous demandons une place au comité", mayEdit: false });

    // Representatives reply but do not start threads; observers do neither.
    expect((await create(members.representative.client, documentId, { visibility: "shared" })).body.errors).toEqual({ form: "annotations.errors.notAllowed" });
    expect((await post(members.observer.client, documentId, { intent: "reply", threadId: thread.id, body: "Moi aussi" })).status).toBe(403);
    // Only the author edits a message; the mediator may not resolve someone else's thread, its author may.
    const first = thread.messages[0]!;
    expect((await post(members.mediator.client, documentId, { intent: "edit", messageId: first.id, body: "Autre" })).status).toBe(403);
    expect(
      (await post(members.analyst.client, documentId, { intent: "edit", messageId: first.id, body: "Les jeunes de Ber ne sont pas encore consultés" })).status,
    ).toBe(200);
    await waitFor(() => threadsSeenBy(rep).get(thread.id)?.messages[0]?.editedAt !== null, 5_000, "the edit reaches the parties");
    expect((await post(members.mediator.client, documentId, { intent: "resolve", threadId: thread.id })).status).toBe(403);
    expect((await post(members.analyst.client, documentId, { intent: "resolve", threadId: thread.id })).status).toBe(200);
    // Resolving it again (two people at once) answers the thread as it is, and records nothing more.
    const resolvedOnce = auditCount(server.dbPath, "annotation.resolved");
    const again = await post(facilitator, documentId, { intent: "resolve", threadId: thread.id });
    expect(again.status).toBe(200);
    expect(again.body.thread?.status).toBe("resolved");
    expect(auditCount(server.dbPath, "annotation.resolved")).toBe(resolvedOnce);
    // A resolved thread is reopened before anyone replies.
    expect((await post(members.representative.client, documentId, { intent: "reply", threadId: thread.id, body: "Encore" })).body.errors).toEqual({
      form: "annotations.errors.resolved",
    });
    expect((await post(facilitator, documentId, { intent: "reopen", threadId: thread.id })).status).toBe(200);
    await waitFor(() => threadsSeenBy(rep).get(thread.id)?.status === "open", 5_000, "reopened live");
    expect(auditCount(server.dbPath, "annotation.reopened")).toBeGreaterThan(0);
  });

  it("erase a deleted message's words; a thread left empty is removed, for those who could read it only", async () => {
    const made = await create(members.analyst.client, documentId, { body: "Hypothèse à vérifier", visibility: "team" });
    const thread = made.body.thread!;
    await waitFor(() => threadsSeenBy(med).has(thread.id), 5_000, "listed");
    const repFramesBefore = rep.messages.length;
    expect((await post(members.analyst.client, documentId, { intent: "delete", messageId: thread.messages[0]!.id })).status).toBe(200);
    await waitFor(() => !threadsSeenBy(med).has(thread.id), 5_000, "removed for the team");
    const row = query<{ body: string; deleted_at: number | null }>(
      server.dbPath,
      "SELECT body, deleted_at FROM annotation_messages WHERE thread_id = ?",
      thread.id,
    )[0]!;
    expect(row.body).toBe("");
    expect(row.deleted_at).not.toBeNull();
    expect(JSON.stringify(query(server.dbPath, "SELECT details FROM audit_events WHERE action LIKE 'annotation.%'"))).not.toContain("Hypothèse");
    await new Promise((r) => setTimeout(r, 200));
    expect(rep.messages.length).toBe(repFramesBefore);
  });

  it("are never taken from a socket: a representative's forged ANNOTATIONS frame closes their socket and reaches no one", async () => {
    const forger = socket(members.representative.client, documentId);
    await forger.opened;
    const before = med.messages.length;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_ANNOTATIONS);
    encoding.writeVarString(encoder, JSON.stringify({ op: "upsert", thread: { id: "forged", body: "FORGED" } }));
    forger.ws.send(encoding.toUint8Array(encoder));
    expect((await forger.closed).code).toBe(1003);
    await new Promise((r) => setTimeout(r, 200));
    expect(received(med).slice(0)).not.toContain("FORGED");
    expect(med.messages.length).toBe(before);
    expect(query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM annotation_threads WHERE id = 'forged'")[0]!.n).toBe(0);
  });

  it("refuse bad input with a clear error and write nothing", async () => {
    const count = () => query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM annotation_threads")[0]!.n;
    const before = count();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ body: "\u200B\u200B " }, { body: "annotations.errors.bodyRequired" }],
      [{ body: "x".repeat(4001) }, { body: "annotations.errors.bodyTooLong" }],
      [{ type: "gossip" }, { type: "annotations.errors.typeInvalid" }],
      [{ visibility: "public" }, { visibility: "annotations.errors.visibilityInvalid" }],
      [{ anchor: "{not json" }, { anchor: "annotations.errors.anchorInvalid" }],
      [{ anchor: JSON.stringify({ ...ANCHOR, start: "<script>" }) }, { anchor: "annotations.errors.anchorInvalid" }],
    ];
    for (const [fields, errors] of cases) {
      const res = await create(members.analyst.client, documentId, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.body.errors).toEqual(errors);
    }
    expect((await post(members.analyst.client, documentId, { intent: "explode" })).status).toBe(400);
    expect(count()).toBe(before);
  });

  it("stay possible while the text is frozen for sign-off, without storing anything in the text", async () => {
    const id = await newDocument("Feuille de route en validation");
    await writeValidDraft(server.url, facilitator, id, "roadmap");
    await shareDocument(facilitator, processId, id);
    const open = await facilitator.post(docPath(id), { intent: "open", categoryIds: [categoryId(server.dbPath, processId, "youth")] });
    expect(open.status).toBe(200);
    const updates = () => query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM collab_updates WHERE document_id = ?", id)[0]!.n;
    const stored = updates();
    expect((await create(members.analyst.client, id, { visibility: "shared", type: "governanceFunction" })).status).toBe(200);
    expect(updates()).toBe(stored);
  });

  it("follow a change of role at once: a demoted analyst's socket loses the team threads", async () => {
    const joined = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role: "analyst" }), uniqueAccount("analyst"));
    const s = socket(joined.client, documentId);
    await waitFor(() => [...threadsSeenBy(s).values()].some((t) => t.visibility === "team"), 5_000, "team threads listed");
    const change = await facilitator.post(`/processes/${processId}/members`, {
      intent: "update",
      userId: userId(server.dbPath, joined.account.email),
      role: "observer",
    });
    expect(change.status).toBe(200);
    await waitFor(() => annotationFrames(s).length >= 2, 5_000, "a fresh list");
    expect([...threadsSeenBy(s).values()].map((t) => t.visibility)).not.toContain("team");
    expect(threadsSeenBy(s).size).toBeGreaterThan(0);
  });
});

describe("anchors kept by the server", () => {
  it("follow typing inside the range and detach when the text is deleted, told live to the team only", async () => {
    const id = await newDocument("Feuille de route suivie");
    await shareDocument(facilitator, processId, id);
    const editor = connectClient(server.url.replace(/^http/, "ws") + "/collab", id, {
      headers: { cookie: members.mediator.client.cookieHeader() },
      origin: server.url,
      schema: true,
    });
    editors.push(editor);
    await waitFor(() => editor.provider.synced, 10_000, "synced");
    editor.text.insert(0, "Le comité de suivi se réunit chaque mois à Ber.");
    await waitFor(() => savedCovers(editor), 5_000, "text durable");
    // "comité de suivi": PM positions inside the first paragraph start at 1.
    const anchor = anchorForRange(editor.doc.getXmlFragment(DOCUMENT_FIELD), documentSchema(), 1 + 3, 1 + 3 + "comité de suivi".length)!;
    expect(anchor).toMatchObject({ kind: "range", quote: "comité de suivi", prefix: "Le ", suffix: " se réunit chaque mois à Ber." });
    const team = socket(members.analyst.client, id);
    const party = socket(members.representative.client, id);
    await Promise.all([team.opened, party.opened]);
    const made = await create(members.analyst.client, id, { anchor: JSON.stringify(anchor), visibility: "team", body: "Qui siège au comité ?" });
    const threadId = made.body.thread!.id;
    const stored = () =>
      query<{ anchor: string; detached: number }>(server.dbPath, "SELECT anchor, detached FROM annotation_threads WHERE id = ?", threadId)[0]!;

    editor.text.insert(3 + "comité".length, " local");
    await waitFor(() => (JSON.parse(stored().anchor) as Anchor).quote === "comité local de suivi", 10_000, "the stored quote follows the text");
    await waitFor(() => threadsSeenBy(team).get(threadId)?.anchor.quote === "comité local de suivi", 5_000, "the team is told");

    editor.text.delete(3, "comité local de suivi".length);
    await waitFor(() => stored().detached === 1, 10_000, "detached once its text is gone");
    await waitFor(() => threadsSeenBy(team).get(threadId)?.detached === true, 5_000, "the team sees it detached, with its quote");
    expect(threadsSeenBy(team).get(threadId)!.anchor.quote).toBe("comité local de suivi");
    expect(received(party)).not.toContain(threadId);
    expect(received(party)).not.toContain("Qui siège");
  });
});
