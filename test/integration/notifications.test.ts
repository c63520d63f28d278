// Notifications over the real app (issue 14): real sessions, policy and sign-off, annotation threads
// written through their routes, the real SQLite file. What each person is shown — the dashboard's
// HTML, its loader's JSON and the header's count in the root loader's JSON — is read as a browser
// would, and searched for anything of a team-only thread by those outside the team.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Anchor } from "../../app/core/annotations/types.js";
import type { NotificationEntry } from "../../app/core/notifications.js";
import { writeValidDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { auditCount, categoryId, createProcessViaForm, query, shareDocument } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { addRepresentative, processWithEveryRole, type Member, type ProcessWorld } from "../support/world.js";

let server: TestServer;
let world: ProcessWorld;
let women: Member;
let outsider: HttpClient;
let docA: string;
let CAT: { youth: string; women: string };

const ANCHOR: Anchor = { kind: "range", start: "AQIDBA==", end: "AQIDBQ==", quote: "Administration intérimaire", prefix: "", suffix: " de Ber" };
const TEAM_SECRET = "Le chef de fraction finance le poste de contrôle de la route nord";

const docPath = (id: string) => `/processes/${world.processId}/documents/${id}`;

interface Shown {
  html: string;
  json: string;
  entries: NotificationEntry[];
  markUpTo: number;
  count: number;
  rootJson: string;
}

/** What a person is shown on the dashboard: the page, its loader's JSON, the header's count. */
async function shown(client: HttpClient): Promise<Shown> {
  const page = await client.get("/");
  expect(page.status).toBe(200);
  const html = await page.text();
  const data = await client.get("/?_data=routes%2F_index");
  const json = await data.text();
  const root = await client.get("/?_data=root");
  const rootJson = await root.text();
  const parsed = JSON.parse(json) as { waiting: { entries: NotificationEntry[]; markUpTo: number } };
  const count = (JSON.parse(rootJson) as { user: { notificationCount: number } }).user.notificationCount;
  // The count in the header's HTML is the root loader's.
  if (count) expect(html).toMatch(new RegExp(`class="notification-count"[^>]*>${count}<`));
  return { html, json, entries: parsed.waiting.entries, markUpTo: parsed.waiting.markUpTo, count, rootJson };
}

const kinds = (s: Shown, documentId?: string) => s.entries.filter((e) => !documentId || e.documentId === documentId).map((e) => e.kind);

async function newSharedDraft(title: string): Promise<string> {
  const res = await world.facilitator.client.post(`/processes/${world.processId}/documents/new`, { kind: "roadmap", title });
  const id = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
  await shareDocument(world.facilitator.client, world.processId, id);
  await writeValidDraft(server.url, world.facilitator.client, id, "roadmap");
  return id;
}

async function openRound(documentId: string, categoryIds: string[]) {
  const res = await world.facilitator.client.post(docPath(documentId), { intent: "open", categoryIds });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function pageHash(client: HttpClient, documentId: string): Promise<string> {
  const html = await (await client.get(docPath(documentId))).text();
  return /name="versionHash" value="([0-9a-f]{64})"/.exec(html)![1]!;
}

async function decide(client: HttpClient, documentId: string) {
  const res = await client.post(docPath(documentId), { intent: "decide", decision: "approve", versionHash: await pageHash(client, documentId) });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function thread(client: HttpClient, documentId: string, visibility: "team" | "shared", body: string): Promise<string> {
  const res = await client.post(`${docPath(documentId)}/annotations`, {
    intent: "create",
    type: "legitimacy",
    visibility,
    body,
    anchor: JSON.stringify(ANCHOR),
  });
  const json = (await res.json()) as { ok: boolean; thread: { id: string } };
  expect(json.ok).toBe(true);
  return json.thread.id;
}

async function reply(client: HttpClient, documentId: string, threadId: string, body: string) {
  const res = await client.post(`${docPath(documentId)}/annotations`, { intent: "reply", threadId, body });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function markAll(client: HttpClient, upTo: string | number) {
  return client.post("/?index", { intent: "markSeen", upTo: String(upTo) });
}

const marker = (userId: string) =>
  query<{ seen_up_to: number }>(server.dbPath, "SELECT seen_up_to FROM notification_marks WHERE user_id = ?", userId)[0]?.seen_up_to;

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  world = await processWithEveryRole(server, { title: "Dialogue de Ber" });
  women = await addRepresentative(server, world, "women", "Femmes de Ber");
  CAT = { youth: categoryId(server.dbPath, world.processId, "youth"), women: categoryId(server.dbPath, world.processId, "women") };
  outsider = new HttpClient(server.url);
  await signUp(outsider, uniqueAccount("outsider"));
  await createProcessViaForm(outsider, { title: "Dialogue de Tin-Essako" });
  docA = await newSharedDraft("Feuille de route de Ber");
});

afterAll(async () => {
  await server?.stop();
});

describe("notifications", () => {
  it("a round opened: the required representative's decision is needed; the other members are told; not the opener, not outsiders", async () => {
    await openRound(docA, [CAT.youth]);
    const rep = await shown(world.members.representative.client);
    const decision = rep.entries.find((e) => e.kind === "decisionNeeded")!;
    expect(decision).toMatchObject({
      documentId: docA,
      documentTitle: "Feuille de route de Ber",
      processTitle: "Dialogue de Ber",
      round: 1,
      href: docPath(docA),
    });
    expect(kinds(rep)).toEqual(["decisionNeeded"]);
    expect(rep.count).toBe(1);
    expect(rep.html).toContain("Your decision is needed");
    expect(rep.html).toContain(`href="${docPath(docA)}"`);
    expect(rep.html).toContain("1 item waiting for you");

    // A representative of a category the round does not require: news, no decision.
    const other = await shown(women.client);
    expect(kinds(other)).toEqual(["roundOpened"]);
    for (const role of ["mediator", "analyst", "observer"] as const) {
      const s = await shown(world.members[role].client);
      expect(kinds(s), role).toEqual(["roundOpened"]);
      expect(s.count, role).toBe(1);
    }
    const facilitator = await shown(world.facilitator.client);
    expect(facilitator.entries).toEqual([]);
    expect(facilitator.count).toBe(0);
    const stranger = await shown(outsider);
    expect(stranger.entries).toEqual([]);
    expect(stranger.html).not.toContain("Feuille de route de Ber");
  });

  it("marking seen clears the count (decisions needed stay), is audited, and refuses bad input with nothing changed", async () => {
    const observer = world.members.observer;
    const before = await shown(observer.client);
    expect(before.count).toBe(1);
    expect(before.html).toContain("Mark all as read");
    const audits = auditCount(server.dbPath, "notifications.seen");

    for (const bad of ["", "abc", "1.5", String(Date.now() + 3_600_000)]) {
      const res = await markAll(observer.client, bad);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain("The list could not be marked as read");
    }
    expect(marker(observer.userId)).toBeUndefined();
    expect(auditCount(server.dbPath, "notifications.seen")).toBe(audits);

    const res = await markAll(observer.client, before.markUpTo);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Everything here is marked as read.");
    const after = await shown(observer.client);
    expect(after.count).toBe(0);
    // Still listed, no longer new.
    expect(after.entries.map((e) => [e.kind, e.unseen])).toEqual([["roundOpened", false]]);
    expect(after.html).not.toContain("Mark all as read");
    expect(marker(observer.userId)).toBe(before.markUpTo);
    expect(auditCount(server.dbPath, "notifications.seen")).toBe(audits + 1);
    const event = query<{ actor_user_id: string; target_id: string; details: string }>(
      server.dbPath,
      "SELECT actor_user_id, target_id, details FROM audit_events WHERE action = 'notifications.seen' ORDER BY id DESC LIMIT 1",
    )[0]!;
    expect(event.actor_user_id).toBe(observer.userId);
    expect(JSON.parse(event.details)).toMatchObject({ seenUpTo: before.markUpTo, previous: 0 });
    // Marking an older point again moves nothing back and writes nothing.
    expect((await markAll(observer.client, before.markUpTo - 1000)).status).toBe(200);
    expect(marker(observer.userId)).toBe(before.markUpTo);
    expect(auditCount(server.dbPath, "notifications.seen")).toBe(audits + 1);

    // Nothing to mark for the representative: the decision is not dismissable.
    const rep = await shown(world.members.representative.client);
    expect(rep.markUpTo).toBe(0);
    expect(rep.count).toBe(1);
  });

  it("a decision taken removes the decision needed", async () => {
    await decide(world.members.representative.client, docA);
    const rep = await shown(world.members.representative.client);
    expect(kinds(rep)).not.toContain("decisionNeeded");
    expect(rep.html).not.toContain("Your decision is needed");
  });

  it("a reopened round and an adoption reach the members of the process", async () => {
    const reopened = await world.facilitator.client.post(docPath(docA), { intent: "reopen", reason: "Ajouter un article sur les femmes déplacées" });
    expect(reopened.status).toBe(200);
    const observer = await shown(world.members.observer.client);
    expect(kinds(observer, docA)).toEqual(["roundReopened", "roundOpened"]);
    expect(observer.count).toBe(1);
    expect(observer.html).toContain("Round reopened without adoption");

    const docB = await newSharedDraft("Ordre du jour de Ber");
    await openRound(docB, [CAT.youth]);
    await decide(world.members.representative.client, docB);
    const confirm = await (await world.facilitator.client.get(`${docPath(docB)}?confirm=adopt`)).text();
    const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="intent" value="adopt"(?:(?!<\/form>)[\s\S])*<\/form>/.exec(confirm)![0];
    const adopted = await world.facilitator.client.post(docPath(docB), {
      intent: "adopt",
      versionHash: /name="versionHash" value="([0-9a-f]{64})"/.exec(form)![1]!,
      decisionsSeen: /name="decisionsSeen" value="(\d+)"/.exec(form)![1]!,
    });
    expect(adopted.status, await adopted.clone().text()).toBe(200);
    for (const who of [world.members.observer, world.members.representative, women]) {
      const s = await shown(who.client);
      expect(kinds(s, docB)).toEqual(["adopted", "roundOpened"]);
      expect(s.entries.find((e) => e.kind === "adopted")).toMatchObject({ documentTitle: "Ordre du jour de Ber", round: 1, href: docPath(docB) });
    }
    expect((await shown(world.facilitator.client)).entries).toEqual([]);
  });

  it("replies reach those who started or replied in the thread, and never cross the team line", async () => {
    const { analyst, mediator, representative, observer } = world.members;
    const team = await thread(analyst.client, docA, "team", TEAM_SECRET);
    await reply(mediator.client, docA, team, "Vérifié auprès de deux sources.");
    const a = await shown(analyst.client);
    const teamEntry = a.entries.find((e) => e.kind === "reply")!;
    expect(teamEntry).toMatchObject({ documentId: docA, replies: 1, href: `${docPath(docA)}#thread-${team}`, unseen: true });
    // The entry names the place, never the words.
    expect(a.json).not.toContain("Vérifié");
    expect(kinds(await shown(mediator.client))).not.toContain("reply");
    expect(kinds(await shown(world.facilitator.client))).not.toContain("reply");

    const shared = await thread(analyst.client, docA, "shared", "Qui représente les transporteurs ?");
    await reply(representative.client, docA, shared, "L'union des transporteurs de Ber.");
    await reply(analyst.client, docA, shared, "Merci, je l'ajoute à la cartographie.");
    const rep = await shown(representative.client);
    expect(rep.entries.filter((e) => e.kind === "reply").map((e) => e.href)).toEqual([`${docPath(docA)}#thread-${shared}`]);
    expect(kinds(await shown(observer.client))).not.toContain("reply");

    // A representative never sees anything of the team thread: not in the page, not in the data.
    for (const member of [representative, observer, women]) {
      const s = await shown(member.client);
      for (const text of [s.html, s.json, s.rootJson]) {
        expect(text).not.toContain(team);
        expect(text).not.toContain(TEAM_SECRET);
      }
    }

    // Someone who took part as an analyst and becomes a representative stops seeing it at once.
    const analystId = analyst.userId;
    expect((await shown(analyst.client)).entries.some((e) => e.key === `reply:${team}`)).toBe(true);
    const demoted = await world.facilitator.client.post(`/processes/${world.processId}/members`, {
      intent: "update",
      userId: analystId,
      role: "representative",
      categoryId: CAT.women,
      affiliation: "Femmes de Ber",
    });
    expect(demoted.status, await demoted.clone().text()).toBe(200);
    const after = await shown(analyst.client);
    expect(after.entries.map((e) => e.key)).not.toContain(`reply:${team}`);
    for (const text of [after.html, after.json, after.rootJson]) expect(text).not.toContain(team);
    // Their shared thread still has news for them (the representative's reply).
    expect(after.entries.map((e) => e.key)).toContain(`reply:${shared}`);
  });

  it("a member removed from the process loses every entry of it at once", async () => {
    const { observer } = world.members;
    expect((await shown(observer.client)).entries.length).toBeGreaterThan(0);
    const removed = await world.facilitator.client.post(`/processes/${world.processId}/members`, { intent: "remove", userId: observer.userId });
    expect(removed.status).toBe(200);
    const after = await shown(observer.client);
    expect(after.entries).toEqual([]);
    expect(after.count).toBe(0);
    expect(after.html).not.toContain("Feuille de route de Ber");
  });

  it("renders in French, with French plurals", async () => {
    // docA is drafting again (reopened): a round for the women's category.
    await openRound(docA, [CAT.women]);
    await women.client.post("/set-language", { lng: "fr", redirectTo: "/" });
    const s = await shown(women.client);
    expect(s.html).toContain('lang="fr"');
    expect(s.html).toContain("En attente de votre part");
    expect(s.html).toContain("Votre décision est attendue");
    expect(s.html).toContain("Le tour 2 sur « Feuille de route de Ber » attend votre décision.");
    expect(s.html).toContain("Document adopté");
    expect(s.html).toContain("Tout marquer comme lu");
    expect(s.html).toContain(`${s.count} éléments vous attendent`);
    expect(s.count).toBeGreaterThan(1);
    // One waiting: the singular.
    const res = await markAll(women.client, s.markUpTo);
    expect(await res.text()).toContain("Tout ce qui figure ici est marqué comme lu.");
    const one = await shown(women.client);
    expect(one.count).toBe(1);
    expect(one.html).toContain("1 élément vous attend");
  });
});
