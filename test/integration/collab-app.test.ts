// The collab endpoint of the real app: real sessions, real membership and policy, real
// y-websocket clients in Node, the real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connectClient, paragraphText, rawClient, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signIn, signUp, uniqueAccount } from "../support/http.js";
import { createInvitationViaForm, createProcessViaForm, joinWithNewAccount, shareDocument, userId } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { openTestDb } from "../support/test-database.js";

let server: TestServer;
let facilitator: HttpClient;
let mediator: { client: HttpClient; email: string };
let observer: { client: HttpClient; email: string };
let outsider: HttpClient;
let processId: string;
let documentId: string;
const open: TestClient[] = [];

function wsBase() {
  return server.url.replace(/^http/, "ws") + "/collab";
}

function connect(client: HttpClient, id = documentId, extra: Record<string, string> = {}) {
  const c = connectClient(wsBase(), id, { headers: { cookie: client.cookieHeader(), ...extra }, origin: server.url, schema: true });
  open.push(c);
  return c;
}

function storedText(id = documentId): string {
  const db = openTestDb(server.dbPath, { readonly: true });
  const doc = new Y.Doc();
  const snap = db.prepare("SELECT state_blob FROM collab_snapshots WHERE document_id = ?").get(id) as { state_blob: Buffer } | undefined;
  if (snap) Y.applyUpdate(doc, snap.state_blob);
  for (const row of db.prepare("SELECT update_blob FROM collab_updates WHERE document_id = ? ORDER BY seq").all(id) as { update_blob: Buffer }[]) {
    Y.applyUpdate(doc, row.update_blob);
  }
  db.close();
  return paragraphText(doc);
}

async function createDocument(client: HttpClient, pid: string, title: string, kind = "roadmap"): Promise<string> {
  const res = await client.post(`/processes/${pid}/documents/new`, { kind, title });
  expect(res.status, await res.clone().text()).toBe(302);
  const match = new RegExp(`^/processes/${pid}/documents/([A-Za-z0-9_-]+)$`).exec(res.headers.get("location") ?? "");
  expect(match).not.toBeNull();
  // Shared with every member: the observer of these tests reads it.
  await shareDocument(client, pid, match![1]!);
  return match![1]!;
}

async function refusedStatus(headers: Record<string, string>, id = documentId): Promise<number> {
  const raw = rawClient(wsBase(), id, headers);
  return raw.refused;
}

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  facilitator = new HttpClient(server.url);
  await signUp(facilitator, uniqueAccount("facilitator"));
  processId = await createProcessViaForm(facilitator, { title: "Dialogue de Ber" });
  documentId = await createDocument(facilitator, processId, "Feuille de route de Ber");
  const m = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role: "mediator" }), uniqueAccount("mediator"));
  mediator = { client: m.client, email: m.account.email };
  const o = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role: "observer" }), uniqueAccount("observer"));
  observer = { client: o.client, email: o.account.email };
  outsider = new HttpClient(server.url);
  await signUp(outsider, uniqueAccount("outsider"));
});

afterAll(async () => {
  for (const c of open) c.destroy();
  await server?.stop();
});

describe("collab endpoint of the app", () => {
  it("lets two editors of the process converge, stores every update, and records who edited last", async () => {
    const a = connect(facilitator);
    const b = connect(mediator.client);
    await waitFor(() => a.provider.synced && b.provider.synced, 10_000, "both synced");
    a.text.insert(0, "Cessation des hostilités. ");
    b.text.insert(0, "Article 1. ");
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length > 30, 10_000, "convergence");
    await waitFor(() => storedText() === a.text.toString(), 10_000, "stored");
    const db = openTestDb(server.dbPath, { readonly: true });
    const row = db.prepare("SELECT last_edited_by, last_edited_at FROM documents WHERE id = ?").get(documentId) as {
      last_edited_by: string | null;
      last_edited_at: number | null;
    };
    const rows = db.prepare("SELECT DISTINCT user_id FROM collab_updates WHERE document_id = ?").all(documentId) as { user_id: string }[];
    db.close();
    expect(rows.map((r) => r.user_id)).toContain(row.last_edited_by);
    expect(row.last_edited_at).toBeGreaterThan(0);
    const list = await (await facilitator.get(`/processes/${processId}`)).text();
    expect(list).toContain("Feuille de route de Ber");
    expect(list).not.toContain("Not edited yet");
    a.destroy();
    b.destroy();
  });

  it("refuses upgrades without a session, from a foreign Origin, for non-members and unknown documents", async () => {
    expect(await refusedStatus({ origin: server.url })).toBe(401);
    expect(await refusedStatus({ origin: "https://evil.example", cookie: facilitator.cookieHeader() })).toBe(403);
    expect(await refusedStatus({ origin: server.url, cookie: outsider.cookieHeader() })).toBe(404);
    expect(await refusedStatus({ origin: server.url, cookie: facilitator.cookieHeader() }, "unknownDocument123")).toBe(404);
    expect(await refusedStatus({ origin: server.url, cookie: facilitator.cookieHeader() }, "bad.id")).toBe(400);
    expect(await refusedStatus({ origin: server.url, cookie: "mw_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })).toBe(401);
  });

  it("gives an observer the live text but never applies, stores or forwards what it sends", async () => {
    const editor = connect(facilitator);
    const watcher = connect(observer.client);
    await waitFor(() => editor.provider.synced && watcher.provider.synced, 10_000, "synced");
    expect(watcher.text.toString()).toBe(editor.text.toString());
    await waitFor(() => watcher.access.includes("read"), 5_000, "read access announced");
    expect(watcher.reasons.at(-1)).toEqual({ kind: "role", role: "observer" });
    const before = storedText();
    const dropped = () => server.logs.filter((l) => l.includes("collab write dropped")).length;
    const droppedBefore = dropped();
    watcher.text.insert(0, "FORGED ");
    // Dropped (never applied, stored, forwarded nor acknowledged); the socket stays, the reader keeps reading.
    await waitFor(() => dropped() > droppedBefore, 5_000, "write dropped");
    await new Promise((r) => setTimeout(r, 200));
    expect(editor.text.toString()).not.toContain("FORGED");
    expect(storedText()).toBe(before);
    expect(watcher.closes).toEqual([]);
    editor.text.insert(0, "Visible. ");
    await waitFor(() => watcher.text.toString().includes("Visible. "), 5_000, "still receiving");
    editor.destroy();
    watcher.destroy();
  });

  it("renders the stored text on the document page for the first paint", async () => {
    const id = await createDocument(facilitator, processId, "Ordre du jour", "agenda");
    const a = connect(facilitator, id);
    await waitFor(() => a.provider.synced, 10_000, "synced");
    const fragment = a.doc.getXmlFragment("default");
    a.doc.transact(() => {
      const heading = new Y.XmlElement("heading");
      heading.setAttribute("level", "1");
      heading.insert(0, [new Y.XmlText("Gouvernance locale")]);
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("Réouverture de la route Anefis–Kidal")]);
      fragment.insert(0, [heading, paragraph]);
    });
    await waitFor(() => a.saved.length > 0, 5_000, "saved");
    const html = await (await observer.client.get(`/processes/${processId}/documents/${id}`)).text();
    expect(html).toContain("Gouvernance locale");
    expect(html).toContain("Réouverture de la route Anefis–Kidal");
    // The observer's page says the text is read-only; the outsider gets 404.
    expect((await outsider.get(`/processes/${processId}/documents/${id}`)).status).toBe(404);
    a.destroy();
  });

  it("downgrades a member whose role drops to read-only and closes the socket of a removed member, at once", async () => {
    const m = connect(mediator.client);
    await waitFor(() => m.provider.synced && m.access.includes("edit"), 10_000, "mediator editing");
    const mediatorId = userId(server.dbPath, mediator.email);
    const demote = await facilitator.post(`/processes/${processId}/members`, { intent: "update", userId: mediatorId, role: "observer" });
    expect(demote.status).toBe(200);
    await waitFor(() => m.access.at(-1) === "read", 5_000, "downgraded to read");
    const remove = await facilitator.post(`/processes/${processId}/members`, { intent: "remove", userId: mediatorId });
    expect(remove.status).toBe(200);
    await waitFor(() => m.closes.some((c) => c.code === 4403), 5_000, "removed member closed");
    expect(await refusedStatus({ origin: server.url, cookie: mediator.client.cookieHeader() })).toBe(404);
    m.destroy();
  });

  it("closes the sockets of a user whose password changed (the other devices' sessions ended)", async () => {
    const account = uniqueAccount("traveller");
    const laptop = new HttpClient(server.url);
    await signUp(laptop, account);
    const pid = await createProcessViaForm(laptop);
    const id = await createDocument(laptop, pid, "Feuille de route du voyageur");
    const phone = new HttpClient(server.url);
    await phone.post("/login", { email: account.email, password: account.password });
    const onPhone = connect(phone, id);
    const onLaptop = connect(laptop, id);
    await waitFor(() => onPhone.provider.synced && onLaptop.provider.synced, 10_000, "synced");
    const changed = await laptop.post("/account", { intent: "password", currentPassword: account.password, newPassword: "une toute nouvelle phrase" });
    expect(changed.status).toBe(200);
    await waitFor(() => onPhone.closes.some((c) => c.code === 4401), 5_000, "phone socket closed");
    expect(await refusedStatus({ origin: server.url, cookie: phone.cookieHeader() }, id)).toBe(401);
    // The device that changed the password keeps editing.
    expect(onLaptop.closes).toEqual([]);
    onLaptop.text.insert(0, "Toujours connecté. ");
    await waitFor(() => storedText(id) === onLaptop.text.toString(), 5_000, "laptop still writes");
    onLaptop.destroy();
    onPhone.destroy();
  });

  it("closes the socket of a session that expired while it was open, at the next re-decision", async () => {
    const { client, account } = await joinWithNewAccount(
      server.url,
      await createInvitationViaForm(facilitator, processId, { role: "analyst" }),
      uniqueAccount("analyst"),
    );
    const c = connect(client);
    await waitFor(() => c.provider.synced, 10_000, "synced");
    // The session runs out (no sign-out, no event): the database says so.
    const db = openTestDb(server.dbPath);
    db.prepare("UPDATE sessions SET expires_at = 1 WHERE user_id = ?").run(userId(server.dbPath, account.email));
    db.close();
    // Any re-decision (here: the facilitator changes the analyst's role to observer) closes it as signed out.
    const change = await facilitator.post(`/processes/${processId}/members`, {
      intent: "update",
      userId: userId(server.dbPath, account.email),
      role: "observer",
    });
    expect(change.status).toBe(200);
    await waitFor(() => c.closes.length > 0, 5_000, "closed");
    expect(c.closes[0]!.code).toBe(4401);
    expect(await refusedStatus({ origin: server.url, cookie: client.cookieHeader() })).toBe(401);
    c.destroy();
  });

  it("plain sign-out closes that session's sockets (4401) and nothing it sends afterwards is stored; the user's other devices stay connected", async () => {
    const account = uniqueAccount("mediator");
    const joined = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role: "mediator" }), account);
    const laptop = joined.client;
    const phone = new HttpClient(server.url);
    expect((await signIn(phone, account.email, account.password)).status).toBe(302);
    const onLaptop = connect(laptop);
    const onPhone = connect(phone);
    await waitFor(() => onLaptop.provider.synced && onPhone.provider.synced, 10_000, "synced");
    const cookie = laptop.cookieHeader();
    expect((await laptop.post("/logout", {})).status).toBe(302);
    await waitFor(() => onLaptop.closes.length > 0, 5_000, "the signed-out session's socket closed");
    expect(onLaptop.closes[0]!.code).toBe(4401);
    // What the signed-out tab types is never stored: its socket is gone and the old cookie is refused.
    onLaptop.provider.shouldConnect = false;
    onLaptop.text.insert(0, "AFTER SIGN-OUT ");
    expect(await refusedStatus({ origin: server.url, cookie })).toBe(401);
    // The phone's session is untouched: it still writes, and that is stored.
    onPhone.text.insert(0, "Depuis le téléphone. ");
    await waitFor(() => storedText().includes("Depuis le téléphone."), 10_000, "phone's edit stored");
    expect(onPhone.closes).toEqual([]);
    expect(storedText()).not.toContain("AFTER SIGN-OUT");
    onLaptop.destroy();
    onPhone.destroy();
  });

  it("closes every socket of a user who signs out of all devices", async () => {
    const c = connect(observer.client);
    await waitFor(() => c.provider.synced, 10_000, "synced");
    const other = new HttpClient(server.url);
    other.cookies.set("mw_session", observer.client.cookies.get("mw_session")!);
    await other.post("/logout", { scope: "all" });
    await waitFor(() => c.closes.length > 0, 5_000, "closed");
    expect(c.closes[0]!.code).toBe(4401);
    c.destroy();
  });
});
