// Input the forms do not expect, found by hostile testing: titles and labels made of invisible
// characters, custom categories that repeat an existing one, responsible parties naming a category
// the process does not have. Each is refused with a localized message and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Finding } from "../../app/core/validation.js";
import { connectClient, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

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
