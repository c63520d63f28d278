// Templates against the real app: seeding at creation (once, in the process's language), and the
// server's findings on the stored state equal the browser-side function's on the client's Y.Doc.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { EditorCategory } from "../../app/core/categories.js";
import { templateForDocument } from "../../app/core/templates.js";
import { validate, type Finding, type JsonNode } from "../../app/core/validation.js";
import { docToJson } from "../../server/content/document-codec.js";
import { connectClient, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let facilitator: HttpClient;
let mediator: HttpClient;
let processId: string;
const open: TestClient[] = [];

const PAGE_ROUTE = "routes/processes.$processId.documents.$documentId";

function connect(client: HttpClient, id: string) {
  const c = connectClient(server.url.replace(/^http/, "ws") + "/collab", id, { headers: { cookie: client.cookieHeader() }, origin: server.url });
  open.push(c);
  return c;
}

async function createDocument(client: HttpClient, pid: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return client.post(`/processes/${pid}/documents/new`, fields, { headers });
}

async function createFromTemplate(pid: string, kind: string, template: string, title = "Feuille de route"): Promise<string> {
  const res = await createDocument(facilitator, pid, { kind, title, template });
  expect(res.status, await res.clone().text()).toBe(302);
  return /\/documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
}

async function serverFindings(client: HttpClient, id: string): Promise<Finding[]> {
  const res = await client.get(`/processes/${processId}/documents/${id}/findings`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { findings: Finding[] }).findings;
}

/** What the browser computes: the page's loader data (structure) + the same function on the live doc. */
async function browserFindings(client: HttpClient, id: string, doc: Y.Doc): Promise<Finding[]> {
  const res = await client.get(`/processes/${processId}/documents/${id}?_data=${encodeURIComponent(PAGE_ROUTE)}`);
  expect(res.status).toBe(200);
  const data = (await res.json()) as { structure: { kind: "agenda" | "roadmap"; templateId: string | null; categories: EditorCategory[] } };
  const template = templateForDocument(data.structure.templateId, data.structure.kind);
  return validate(template, docToJson(doc) as JsonNode, data.structure.categories);
}

function blockTypes(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment("default")
    .toArray()
    .map((n) => (n instanceof Y.XmlElement ? n.nodeName : "text"));
}

const _saved = (c: TestClient) => waitFor(() => c.saved.length > 0 && c.provider.synced, 10_000, "saved");

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  facilitator = new HttpClient(server.url);
  await signUp(facilitator, uniqueAccount("facilitator"));
  processId = await createProcessViaForm(facilitator, { title: "Dialogue d'Anéfis", languages: ["fr", "en"] });
  mediator = (await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role: "mediator" }), uniqueAccount("mediator")))
    .client;
});

afterAll(async () => {
  for (const c of open) c.destroy();
  await server?.stop();
});

describe("documents created from a template", () => {
  it("are seeded on the server at creation, in the process's language (the creator's when bilingual), audited", async () => {
    const frProcess = await createProcessViaForm(facilitator, { title: "Dialogue en français", languages: ["fr"] });
    const res = await createDocument(facilitator, frProcess, { kind: "roadmap", title: "Feuille de route", template: "roadmap-anefis" });
    const id = /\/documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    const rows = query<{ seq: number; user_id: string }>(server.dbPath, "SELECT seq, user_id FROM collab_updates WHERE document_id = ?", id);
    expect(rows.map((r) => r.seq)).toEqual([1]);
    const page = await (await facilitator.get(`/processes/${frProcess}/documents/${id}`)).text();
    expect(page).toContain("Cessation des hostilités"); // French: the process's language, whatever the UI's
    expect(page).toContain("Développement socio-économique");
    const audit = query<{ details: string }>(server.dbPath, "SELECT details FROM audit_events WHERE action = 'document.created' AND target_id = ?", id);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ templateId: "roadmap-anefis", templateVersion: 1 });
    expect(query(server.dbPath, "SELECT template_id FROM documents WHERE id = ?", id)).toEqual([{ template_id: "roadmap-anefis" }]);
  });

  it("in a bilingual process, are written in the language chosen on the form; without a choice, the team's latest", async () => {
    const pid = await createProcessViaForm(facilitator, { title: "Dialogue bilingue", languages: ["en", "fr"] });
    const idOf = (res: Response) => /\/documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    const textOf = async (id: string) => (await facilitator.get(`/processes/${pid}/documents/${id}`)).text();
    // The form proposes the creator's interface language while the process has no document yet.
    expect(await (await facilitator.get(`/processes/${pid}/documents/new`)).text()).toMatch(/<option value="en" selected="">/);
    const fr = idOf(await createDocument(facilitator, pid, { kind: "agenda", title: "Ordre du jour", template: "local-dialogue-agenda", language: "fr" }));
    const frPage = await textOf(fr);
    expect(frPage).toContain("Ouverture et règles du dialogue");
    // The page declares the text's language (screen readers, spelling, hyphenation).
    expect(frPage).toMatch(/class="editor-readable"[^>]*lang="fr"|lang="fr"[^>]*class="editor-readable"/);
    const en = idOf(await createDocument(facilitator, pid, { kind: "agenda", title: "Agenda", template: "local-dialogue-agenda", language: "en" }));
    expect(await textOf(en)).toContain("Opening and rules of dialogue");
    // No choice sent (an older form): the language of the team's latest document, not the interface's.
    await facilitator.post("/set-language", { lng: "fr", redirectTo: "/" });
    const latest = idOf(await createDocument(facilitator, pid, { kind: "agenda", title: "Agenda 2", template: "local-dialogue-agenda" }));
    expect(await (await facilitator.get(`/processes/${pid}/documents/new`)).text()).toMatch(/<option value="en" selected="">/);
    await facilitator.post("/set-language", { lng: "en", redirectTo: "/" });
    expect(await textOf(latest)).toContain("Opening and rules of dialogue");
    expect(query(server.dbPath, "SELECT language FROM documents WHERE id IN (?, ?, ?) ORDER BY created_at", fr, en, latest)).toEqual([
      { language: "fr" },
      { language: "en" },
      { language: "en" },
    ]);
    // The export panel proposes the document's language, whatever the reader's.
    const panel = await (
      await facilitator.get(`/processes/${pid}/documents/${fr}?_data=${encodeURIComponent("routes/processes.$processId.documents.$documentId")}`)
    ).json();
    expect((panel as { exports: { defaultLanguage: string } }).exports.defaultLanguage).toBe("fr");
  });

  it("refuse a language the process does not work in, with its message, creating nothing", async () => {
    const pid = await createProcessViaForm(facilitator, { title: "Dialogue francophone", languages: ["fr"] });
    const before = query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM documents WHERE process_id = ?", pid)[0]!.n;
    for (const [language, key] of [
      ["en", "documentErrors.languageNotOfProcess"],
      ["tamasheq", "documentErrors.languageInvalid"],
    ] as const) {
      const res = await createDocument(facilitator, pid, { kind: "roadmap", title: "Feuille de route", template: "roadmap-anefis", language });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(key);
    }
    expect(query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM documents WHERE process_id = ?", pid)[0]!.n).toBe(before);
    // A French-only process offers French only, whatever the creator's interface language.
    const form = await (await facilitator.get(`/processes/${pid}/documents/new`)).text();
    expect(form).toMatch(/<option value="fr" selected="">/);
    expect(form).not.toContain('<option value="en"');
  });

  it("offer every template in the server-rendered form, so a browser without JavaScript can choose an agenda", async () => {
    const pid = await createProcessViaForm(facilitator);
    const html = await (await facilitator.get(`/processes/${pid}/documents/new`)).text();
    for (const id of ["local-dialogue-agenda", "roadmap-anefis", "roadmap-governance-development"]) expect(html).toContain(`value="${id}"`);
    // The preselected template fits the preselected kind (roadmap): submitting the defaults works.
    expect(html).toMatch(/<option value="roadmap-anefis" selected="">/);
    const created = await facilitator.post(`/processes/${pid}/documents/new`, { kind: "agenda", title: "Ordre du jour", template: "local-dialogue-agenda" });
    expect(created.status).toBe(302);
  });

  it("refuse a template of another kind, and a blank document stores nothing", async () => {
    const bad = await createDocument(facilitator, processId, { kind: "agenda", title: "X", template: "roadmap-anefis" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("templates.invalid");
    const res = await createDocument(facilitator, processId, { kind: "agenda", title: "Vierge", template: "blank" });
    const id = /\/documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    expect(query(server.dbPath, "SELECT seq FROM collab_updates WHERE document_id = ?", id)).toEqual([]);
    // The base rules still apply: governance and development are required.
    const findings = await serverFindings(facilitator, id);
    expect(findings.filter((f) => f.ruleId === "required-domain").map((f) => f.params.domain)).toEqual(["governance", "development"]);
  });

  it("two clients opening a brand-new document at the same moment see ONE copy of the template", async () => {
    const id = await createFromTemplate(processId, "roadmap", "roadmap-anefis");
    const a = connect(facilitator, id);
    const b = connect(mediator, id);
    await waitFor(() => a.provider.synced && b.provider.synced, 10_000, "both synced");
    await new Promise((r) => setTimeout(r, 300)); // let any duplicate seeding (there must be none) arrive
    const expected = blockTypes(a.doc);
    expect(expected.filter((t) => t === "sectionTitle")).toHaveLength(8);
    expect(blockTypes(b.doc)).toEqual(expected);
    const c = connect(mediator, id);
    await waitFor(() => c.provider.synced, 10_000, "third synced");
    expect(blockTypes(c.doc)).toEqual(expected);
    expect(query(server.dbPath, "SELECT seq FROM collab_updates WHERE document_id = ?", id)).toEqual([{ seq: 1 }]);
  });

  it("the server's findings on the stored state equal the browser-side function's on the same content, before and after edits", async () => {
    const id = await createFromTemplate(processId, "roadmap", "roadmap-anefis");
    const a = connect(mediator, id);
    await waitFor(() => a.provider.synced, 10_000, "synced");
    const before = await serverFindings(mediator, id);
    expect(before.some((f) => f.ruleId === "required-domain" && f.params.domain === "development")).toBe(true);
    expect(await browserFindings(mediator, id, a.doc)).toEqual(before);
    // The page's first paint already lists them (server-rendered, before the editor bundle arrives).
    expect(await (await mediator.get(`/processes/${processId}/documents/${id}`)).text()).toContain("No development item yet.");

    // A mediator adds a development item without responsible party or timeframe, and an untitled land item.
    const fragment = a.doc.getXmlFragment("default");
    a.doc.transact(() => {
      const make = (domain: string, title: string, itemId: string) => {
        const item = new Y.XmlElement("roadmapItem");
        item.setAttribute("id", itemId);
        item.setAttribute("domain", domain);
        item.setAttribute("responsibleParties", [] as unknown as string);
        item.setAttribute("timeframe", "");
        item.setAttribute("indicators", [] as unknown as string);
        item.setAttribute("status", "planned");
        const t = new Y.XmlElement("itemTitle");
        if (title) t.insert(0, [new Y.XmlText(title)]);
        const p = new Y.XmlElement("paragraph");
        item.insert(0, [t, p]);
        return item;
      };
      fragment.push([make("development", "Réhabiliter le marché de Ber", "dev-1"), make("land", "", "land-1")]);
    });
    await waitFor(() => a.saved.length > 0, 10_000, "saved");
    await waitFor(() => a.saved[a.saved.length - 1]!.seq >= 2, 10_000, "edit saved");
    const after = await serverFindings(mediator, id);
    expect(after.some((f) => f.ruleId === "required-domain" && f.params.domain === "development")).toBe(false);
    expect(after.filter((f) => f.itemId === "dev-1").map((f) => f.ruleId)).toEqual(["roadmap-responsible", "roadmap-timeframe"]);
    expect(after.filter((f) => f.itemId === "land-1").map((f) => f.ruleId)).toEqual(["item-title", "roadmap-responsible", "roadmap-timeframe"]);
    expect(await browserFindings(mediator, id, a.doc)).toEqual(after);
  });
});
