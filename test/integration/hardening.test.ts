// Input the forms do not expect, found by hostile testing: titles and labels made of invisible
// characters, custom categories that repeat an existing one, responsible parties naming a category
// the process does not have. Each is refused with a localized message and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Finding } from "../../app/core/validation.js";
import { connectClient, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signIn, signUp, uniqueAccount } from "../support/http.js";
import { createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { openTestDb } from "../support/test-database.js";

let server: TestServer;
let facilitator: HttpClient;
let processId: string;
const sockets: TestClient[] = [];

beforeAll(async () => {
  server = await startServer();
  facilitator = new HttpClient(server.url);
  await signUp(facilitator, uniqueAccount("facilitator"));
  processId = await createProcessViaForm(facilitator, { title: "Dialogue de Ber" });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server?.stop();
});

const INVISIBLE = ["\u200B\u200B", " \u2060\uFEFF ", "\u200E\u200F\u00AD", "\u3164"];

describe("text made only of invisible characters is empty", () => {
  it.each(INVISIBLE)("a process titled %j is refused, nothing stored", async (title) => {
    const before = query(server.dbPath, "SELECT id FROM processes").length;
    const res = await facilitator.post("/processes/new", { title, locality: "Ber", region: "", description: "", languages: ["fr"] });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Enter a title.");
    expect(query(server.dbPath, "SELECT id FROM processes")).toHaveLength(before);
  });

  it("a document titled with zero-width spaces is refused, in French for a French reader", async () => {
    const pid = await createProcessViaForm(facilitator, { title: "Dialogue de Gourma" });
    const token = await createInvitationViaForm(facilitator, pid, { role: "mediator" });
    const { client: fr } = await joinWithNewAccount(server.url, token, { ...uniqueAccount("mediatrice"), preferredLanguage: "fr" });
    const res = await fr.post(`/processes/${pid}/documents/new`, { kind: "agenda", title: "\u200B\u200B\u200B", template: "blank", language: "fr" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Saisissez un titre.");
    expect(query(server.dbPath, "SELECT id FROM documents WHERE process_id = ?", pid)).toEqual([]);
  });

  it("visible text keeps its inner joiners and loses its invisible edges", async () => {
    const res = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "\u200BOrdre du jour\u200B ", template: "blank" });
    expect(res.status).toBe(302);
    expect(query(server.dbPath, "SELECT title FROM documents WHERE process_id = ?", processId)).toContainEqual({ title: "Ordre du jour" });
  });

  it("a category label of invisible characters is refused", async () => {
    const before = query(server.dbPath, "SELECT id FROM stakeholder_categories WHERE process_id = ?", processId).length;
    const res = await facilitator.post(`/processes/${processId}/categories`, { intent: "add", labelEn: "\u200B", labelFr: "Pêcheurs" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Enter the English label.");
    expect(query(server.dbPath, "SELECT id FROM stakeholder_categories WHERE process_id = ?", processId)).toHaveLength(before);
  });
});

describe("a custom category may not repeat an existing label in either language", () => {
  it("refuses a label equal to another category's in either language, case, accents and spacing aside; audits only what was added", async () => {
    const add = (labelEn: string, labelFr: string) => facilitator.post(`/processes/${processId}/categories`, { intent: "add", labelEn, labelFr });
    expect((await add("Local councillors", "Élus locaux")).status).toBe(200);
    const count = () => query(server.dbPath, "SELECT id FROM stakeholder_categories WHERE process_id = ?", processId).length;
    const audits = () => query(server.dbPath, "SELECT id FROM audit_events WHERE action = 'category.created' AND process_id = ?", processId).length;
    const before = { categories: count(), audits: audits() };
    for (const [labelEn, labelFr] of [
      ["Councillors", "elus  LOCAUX"], // the French label again, without accents, case or spacing
      ["élus locaux", "Conseillers"], // the French label given as the English one
      ["YOUTH", "Jeunesse organisée"], // a default category's English label
      ["Organised youth", "Femmes"], // a default category's French label
    ]) {
      const res = await add(labelEn!, labelFr!);
      expect(res.status, `${labelEn} / ${labelFr}`).toBe(409);
      expect(await res.text()).toContain("A category with this label already exists.");
    }
    expect({ categories: count(), audits: audits() }).toEqual(before);
    // Renaming into another category's label is refused too; keeping one's own label is not.
    const custom = query<{ id: string }>(
      server.dbPath,
      "SELECT id FROM stakeholder_categories WHERE process_id = ? AND label_en = 'Local councillors'",
      processId,
    )[0]!.id;
    expect(
      (await facilitator.post(`/processes/${processId}/categories`, { intent: "rename", categoryId: custom, labelEn: "Women", labelFr: "Élues" })).status,
    ).toBe(409);
    expect(
      (
        await facilitator.post(`/processes/${processId}/categories`, {
          intent: "rename",
          categoryId: custom,
          labelEn: "Local Councillors",
          labelFr: "Élus locaux",
        })
      ).status,
    ).toBe(200);
  });
});

describe("responsible parties must name a category of the process", () => {
  it("a party naming a category the process does not have is a blocking finding on the stored text", async () => {
    const res = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route", template: "roadmap-anefis" });
    expect(res.status).toBe(302);
    const documentId = /\/documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    const client = connectClient(`${server.url.replace(/^http/, "ws")}/collab`, documentId, {
      headers: { cookie: facilitator.cookieHeader() },
      origin: server.url,
    });
    sockets.push(client);
    await waitFor(() => client.provider.synced, 10_000, "synced");
    // What a forged client (or a category deleted meanwhile) leaves: a ref that names no category.
    const other = await createProcessViaForm(facilitator, { title: "Autre processus" });
    const foreign = query<{ id: string }>(server.dbPath, "SELECT id FROM stakeholder_categories WHERE process_id = ? AND key = 'youth'", other)[0]!.id;
    const items: [string, string][] = [
      ["forged", "no-such-category"],
      ["foreign", foreign],
    ];
    client.doc.transact(() => {
      for (const [id, ref] of items) {
        const item = new Y.XmlElement("roadmapItem");
        item.setAttribute("id", id);
        item.setAttribute("domain", "governance");
        item.setAttribute("responsibleParties", [{ type: "category", ref }] as unknown as string);
        item.setAttribute("timeframe", "2027");
        item.setAttribute("indicators", [] as unknown as string);
        item.setAttribute("status", "planned");
        const title = new Y.XmlElement("itemTitle");
        title.insert(0, [new Y.XmlText(`Point ${id}`)]);
        item.insert(0, [title, new Y.XmlElement("paragraph")]);
        client.doc.getXmlFragment("default").push([item]);
      }
    });
    await waitFor(() => client.saved.some((s) => s.seq >= 2), 10_000, "stored");
    const { findings: list } = (await (await facilitator.get(`/processes/${processId}/documents/${documentId}/findings`)).json()) as { findings: Finding[] };
    for (const [id] of items) {
      expect(list.filter((f) => f.itemId === id).map((f) => [f.ruleId, f.severity])).toEqual([
        ["unknown-category", "blocking"],
        ["roadmap-responsible", "blocking"],
      ]);
    }
  });
});

describe("bodies the app does not expect", () => {
  it("JSON, text or multipart sent to an action gets 415 in the reader's language, never 500, and changes nothing", async () => {
    const res = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Point d'étape", template: "blank" });
    const documentId = /\/documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    const audits = () => query(server.dbPath, "SELECT id FROM audit_events").length;
    const before = { audits: audits(), title: query(server.dbPath, "SELECT title FROM documents WHERE id = ?", documentId) };
    const multipart = new FormData();
    multipart.set("intent", "rename");
    multipart.set("title", "Renamed");
    const bodies: [string, RequestInit][] = [
      ["json", { body: JSON.stringify({ intent: "rename", title: "Renamed" }), headers: { "content-type": "application/json" } }],
      ["text", { body: "intent=rename&title=Renamed", headers: { "content-type": "text/plain" } }],
      ["multipart", { body: multipart }],
      ["no type", { body: new Blob([new Uint8Array([1, 2, 3])]) }],
    ];
    for (const path of [`/processes/${processId}/documents/${documentId}`, `/processes/${processId}/members`, "/processes/new", "/login"]) {
      for (const [what, init] of bodies) {
        const refused = await facilitator.request(path, { ...init, method: "POST" });
        expect(refused.status, `${what} to ${path}`).toBe(415);
        expect(await refused.text()).toContain("the application accepts only its own forms here");
      }
    }
    expect({ audits: audits(), title: query(server.dbPath, "SELECT title FROM documents WHERE id = ?", documentId) }).toEqual(before);
    expect(server.logs.join("\n")).not.toMatch(/"status":5\d\d/);
    // In French for a French reader; an empty form is still a form.
    const fr = new HttpClient(server.url, { "accept-language": "fr" });
    const refused = await fr.request("/login", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain("n'accepte ici que ses propres formulaires");
    expect((await fr.post("/login", {})).status).toBe(400);
  });
});

describe("account recovery without email", () => {
  async function adminPage(client: HttpClient) {
    return (await client.get("/admin")).text();
  }

  it("the administrator issues a one-time link (hashed, 24 h, shown once); its holder sets a password, every other session ends and its sockets close", async () => {
    // The facilitator of this suite is the first account: the instance administrator.
    const account = uniqueAccount("rep");
    const token = await createInvitationViaForm(facilitator, processId, { role: "mediator" });
    const { client: phone } = await joinWithNewAccount(server.url, token, account);
    const target = query<{ id: string }>(server.dbPath, "SELECT id FROM users WHERE email = ?", account.email)[0]!.id;
    const documentRes = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour", template: "blank" });
    const documentId = /\/documents\/([A-Za-z0-9_-]+)$/.exec(documentRes.headers.get("location") ?? "")![1]!;
    const socket = connectClient(`${server.url.replace(/^http/, "ws")}/collab`, documentId, { headers: { cookie: phone.cookieHeader() }, origin: server.url });
    sockets.push(socket);
    await waitFor(() => socket.provider.synced, 10_000, "synced");

    // Only the administrator may issue one: a member is refused and nothing is stored.
    expect((await phone.post("/admin", { intent: "issue-reset", userId: target })).status).toBe(404);
    expect(query(server.dbPath, "SELECT id FROM password_resets")).toEqual([]);

    const issued = await facilitator.post("/admin", { intent: "issue-reset", userId: target });
    expect(issued.status).toBe(200);
    expect(issued.headers.get("cache-control")).toContain("no-store");
    const html = await issued.text();
    const link = /\/reset\/([a-z2-7]{32})/.exec(html)?.[1];
    expect(link, "the link is shown").toBeDefined();
    const stored = query<{ token_hash: string; expires_at: number; created_at: number }>(
      server.dbPath,
      "SELECT token_hash, expires_at, created_at FROM password_resets",
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(link!);
    expect(stored[0]!.expires_at - stored[0]!.created_at).toBe(24 * 60 * 60 * 1000);
    // Shown once: the administration page afterwards says a link is in force, never the link.
    const later = await adminPage(facilitator);
    expect(later).not.toContain(link!);
    expect(later).toContain("reset link valid until");
    expect(server.logs.join("\n")).not.toContain(link!);

    // The holder opens it (no session needed) and sets a new password.
    const holder = new HttpClient(server.url);
    const page = await holder.get(`/reset/${link}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Choose a new password");
    const mismatch = await holder.post(`/reset/${link}`, { newPassword: "a brand new passphrase", confirmPassword: "another one entirely" });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("The two passwords are not the same.");
    const done = await holder.post(`/reset/${link}`, { newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" });
    expect(done.status).toBe(302);
    expect((await holder.get("/")).status).toBe(200);

    // The old session is over, its live socket closed as signed out.
    await waitFor(() => socket.closes.length > 0, 5_000, "socket closed");
    expect(socket.closes[0]!.code).toBe(4401);
    expect((await phone.get(`/processes/${processId}`)).status).toBe(302);
    // Old password refused, new one accepted.
    expect((await signIn(new HttpClient(server.url), account.email, account.password)).status).toBe(401);
    expect((await signIn(new HttpClient(server.url), account.email, "a brand new passphrase")).status).toBe(302);
    // Used once.
    const again = await new HttpClient(server.url).post(`/reset/${link}`, { newPassword: "yet another passphrase", confirmPassword: "yet another passphrase" });
    expect(again.status).toBe(410);
    expect((await new HttpClient(server.url).get(`/reset/${link}`)).status).toBe(410);
    const actions = query<{ action: string }>(
      server.dbPath,
      "SELECT action FROM audit_events WHERE target_id = ? AND action LIKE 'account.%' ORDER BY id",
      target,
    ).map((r) => r.action);
    expect(actions).toEqual(["account.created", "account.reset_link_issued", "account.password_reset"]);
  });

  it("a link can be revoked, a new one replaces the old, and an expired one is refused (410), in French too", async () => {
    const account = uniqueAccount("observer");
    await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role: "observer" }), { ...account, preferredLanguage: "fr" });
    const target = query<{ id: string }>(server.dbPath, "SELECT id FROM users WHERE email = ?", account.email)[0]!.id;
    const issue = async () => /\/reset\/([a-z2-7]{32})/.exec(await (await facilitator.post("/admin", { intent: "issue-reset", userId: target })).text())![1]!;
    const first = await issue();
    const second = await issue();
    const fr = new HttpClient(server.url, { "accept-language": "fr" });
    const replaced = await fr.get(`/reset/${first}`);
    expect(replaced.status).toBe(410);
    expect(await replaced.text()).toContain("a été révoqué");
    expect((await facilitator.post("/admin", { intent: "revoke-reset", userId: target })).status).toBe(200);
    expect((await fr.get(`/reset/${second}`)).status).toBe(410);
    expect((await facilitator.post("/admin", { intent: "revoke-reset", userId: target })).status).toBe(404);
    const third = await issue();
    const db = openTestDb(server.dbPath);
    db.prepare("UPDATE password_resets SET expires_at = created_at + 1 WHERE used_at IS NULL AND revoked_at IS NULL").run();
    db.close();
    const expired = await fr.post(`/reset/${third}`, { newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("a expiré");
    expect(query(server.dbPath, "SELECT action FROM audit_events WHERE target_id = ? AND action = 'account.password_reset'", target)).toEqual([]);
  });
});

describe("secret links are throttled per address", () => {
  it("after 20 unknown reset or invitation links from one address, the next lookups get 429 with Retry-After, valid links included", async () => {
    const probe = new HttpClient(server.url, { "accept-language": "en" });
    // Every client of this suite comes from 127.0.0.1: start from a clean count (spent links above counted too).
    const db = openTestDb(server.dbPath);
    db.prepare("DELETE FROM login_failures").run();
    db.close();
    for (const kind of ["reset", "invite"] as const) {
      for (let i = 0; i < 20; i++) {
        const res = await probe.get(`/${kind}/${"a".repeat(31)}${"bcdefghijklmnopqrstu"[i]}`);
        expect(res.status).toBe(404);
      }
      const blocked = await probe.get(`/${kind}/${"b".repeat(32)}`);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await blocked.text()).toContain("Too many links that cannot be used were tried from this address.");
    }
    // A valid invitation is refused too while the address is throttled, and accepting it as well.
    const token = await createInvitationViaForm(facilitator, processId, { role: "observer" });
    expect((await probe.get(`/invite/${token}`)).status).toBe(429);
    expect((await facilitator.post(`/invite/${token}`, {})).status).toBe(429);
  });
});
