// The stakeholder map against the real app: real sessions, the one policy, real forms posted as a
// browser without JavaScript posts them, the real SQLite file read directly. Team only: every route
// of the map answers 404 to representatives and observers, like an unknown page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categoryLabel } from "../../app/core/categories.js";
import { createI18n } from "../../app/core/i18n/index.js";
import type { HttpClient } from "../support/http.js";
import { auditCount, categoryId, openDb, query, shareDocument } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { addRepresentative, processWithEveryRole, type ProcessWorld } from "../support/world.js";
import { openTestDb } from "../support/test-database.js";

const en = createI18n("en").t;
const fr = createI18n("fr").t;
/** React escapes apostrophes in text: compare with what the page holds. */
const html = (s: string) => s.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

let server: TestServer;
let w: ProcessWorld;

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  w = await processWithEveryRole(server, { title: "Dialogue de Ber" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const base = () => `/processes/${w.processId}/stakeholders`;

interface ActorRow {
  id: string;
  name: string;
  kind: string;
  category_id: string | null;
  community: string | null;
  functions: string;
  illicit_link: string;
  illicit_source: string | null;
  influence: number;
  legitimacy: number;
}

const actors = () => query<ActorRow>(server.dbPath, "SELECT * FROM stakeholder_actors WHERE process_id = ? ORDER BY created_at", w.processId);
const actorNamed = (name: string) => actors().find((a) => a.name === name);

function actorFields(fields: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: "Ganda Izo",
    kind: "group",
    categoryId: "",
    community: "Peul",
    functions: ["security"],
    illicitLink: "none",
    influence: "4",
    legitimacy: "2",
    ...fields,
  };
}

async function createActor(client: HttpClient, fields: Record<string, string | string[]>): Promise<string> {
  const res = await client.post(`${base()}/new`, actorFields(fields));
  expect(res.status, await res.clone().text()).toBe(302);
  const match = new RegExp(`${base()}/([0-9a-f-]{36})\\?done=created$`).exec(res.headers.get("location") ?? "");
  expect(match).not.toBeNull();
  return match![1]!;
}

describe("the stakeholder map is the team's", () => {
  it("lets the analyst and the facilitator add actors, the mediator only read, with every change audited", async () => {
    const before = auditCount(server.dbPath, "stakeholder.actorCreated");
    const youth = categoryId(server.dbPath, w.processId, "youth");
    const id = await createActor(w.members.analyst.client, {
      name: "Jeunes patrouilleurs de Ber",
      categoryId: youth,
      functions: ["security", "justice"],
      illicitLink: "alleged",
      illicitSource: "Entretiens, marché de Ber, mars 2026",
      memberIds: [w.members.representative.userId],
    });
    const row = actors().find((a) => a.id === id)!;
    expect(row).toMatchObject({ name: "Jeunes patrouilleurs de Ber", category_id: youth, illicit_link: "alleged", influence: 4, legitimacy: 2 });
    expect(JSON.parse(row.functions)).toEqual(["security", "justice"]);
    expect(query(server.dbPath, "SELECT user_id FROM stakeholder_actor_members WHERE actor_id = ?", id)).toEqual([
      { user_id: w.members.representative.userId },
    ]);
    await createActor(w.facilitator.client, { name: "Chefferie de Ber", functions: ["justice"], memberIds: [] });
    expect(auditCount(server.dbPath, "stakeholder.actorCreated")).toBe(before + 2);

    // The mediator reads the table and the actor, but may not add or change.
    const table = await w.members.mediator.client.get(base());
    expect(table.status).toBe(200);
    expect(await table.text()).toContain("Jeunes patrouilleurs de Ber");
    expect((await w.members.mediator.client.get(`${base()}/${id}`)).status).toBe(200);
    const count = actors().length;
    expect((await w.members.mediator.client.post(`${base()}/new`, actorFields({ name: "Refusé" }))).status).toBe(403);
    expect((await w.members.mediator.client.post(`${base()}/${id}`, { intent: "update", ...actorFields({ name: "Refusé" }) })).status).toBe(403);
    expect((await w.members.mediator.client.get(`${base()}/new`)).status).toBe(403);
    expect(actors().length).toBe(count);
    expect(actorNamed("Refusé")).toBeUndefined();
  });

  it("does not exist for representatives and observers: every route and every intent answers 404, and the tab is not shown", async () => {
    const id = actors()[0]!.id;
    const routes = ["", "/new", "/map", "/relations", "/gaps", `/${id}`, "/export?format=csv", "/export?format=svg", "/no-such-actor"];
    for (const role of ["representative", "observer"] as const) {
      const client = w.members[role].client;
      for (const route of routes) {
        const res = await client.get(`${base()}${route}`);
        expect(res.status, `${role} GET ${route}`).toBe(404);
        expect(await res.text(), `${role} GET ${route}`).not.toContain("Jeunes patrouilleurs");
        // Remix data requests of the same routes, as a script would make them.
        const data = await client.get(`${base()}${route}${route.includes("?") ? "&" : "?"}_data=routes/processes.$processId.stakeholders`);
        expect(data.status, `${role} data ${route}`).toBe(404);
      }
      const count = actors().length;
      for (const [route, fields] of [
        ["/new", actorFields({ name: "Intrus" })],
        [`/${id}`, { intent: "update", ...actorFields({ name: "Intrus" }) }],
        [`/${id}`, { intent: "delete" }],
        ["/relations", { intent: "addRelation", fromActorId: id, toActorId: actors()[1]!.id, kind: "ally" }],
      ] as const) {
        const res = await client.post(`${base()}${route}`, fields as Record<string, string>);
        expect(res.status, `${role} POST ${route}`).toBe(404);
      }
      expect(actors().length).toBe(count);
      const overview = await (await client.get(`/processes/${w.processId}`)).text();
      expect(overview).not.toContain(`${base()}"`);
      expect(overview).not.toContain(en("stakeholders.title"));
    }
    const team = await (await w.members.analyst.client.get(`/processes/${w.processId}`)).text();
    expect(team).toContain(`href="${base()}"`);
  });

  it("refuses bad input with a clear message and stores nothing", async () => {
    const count = actors().length;
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ name: "" }, "name", "stakeholders.errors.nameRequired"],
      [{ name: "\u200B\u200B " }, "name", "stakeholders.errors.nameRequired"],
      [{ name: "x".repeat(121) }, "name", "stakeholders.errors.nameTooLong"],
      [{ kind: "army" }, "kind", "stakeholders.errors.kindInvalid"],
      [{ influence: "9" }, "influence", "stakeholders.errors.influenceInvalid"],
      [{ legitimacy: "" }, "legitimacy", "stakeholders.errors.legitimacyInvalid"],
      [{ functions: ["security", "smuggling"] }, "functions", "stakeholders.errors.functionInvalid"],
      [{ illicitLink: "established", illicitSource: " " }, "illicitSource", "stakeholders.errors.illicitSourceRequired"],
      [{ categoryId: "not-a-category" }, "categoryId", "stakeholders.errors.categoryUnknown"],
      [{ memberIds: [w.members.observer.userId] }, "memberIds", "stakeholders.errors.memberNotRepresentative"],
      [{ memberIds: ["someone-else"] }, "memberIds", "stakeholders.errors.memberUnknown"],
    ];
    for (const [fields, field, key] of cases) {
      const res = await w.members.analyst.client.post(`${base()}/new`, actorFields({ name: "Valide", ...fields }));
      const page = await res.text();
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(page, `${field}: ${key}`).toContain(html(en(key)));
    }
    // A category of ANOTHER process is unknown here.
    const other = await processWithEveryRole(server, { title: "Dialogue de Léré" });
    const foreign = categoryId(server.dbPath, other.processId, "women");
    const res = await w.members.analyst.client.post(`${base()}/new`, actorFields({ name: "Valide", categoryId: foreign }));
    expect(res.status).toBe(400);
    expect(actors().length).toBe(count);
    // Another process's actor does not exist here.
    const foreignActor = await createActor2(other, "Acteur de Léré");
    expect((await w.members.analyst.client.get(`${base()}/${foreignActor}`)).status).toBe(404);
    const changed = await w.members.analyst.client.post(`${base()}/${foreignActor}`, { intent: "update", ...actorFields({ name: "Détourné" }) });
    expect(changed.status).toBe(404);
    expect(query(server.dbPath, "SELECT name FROM stakeholder_actors WHERE id = ?", foreignActor)).toEqual([{ name: "Acteur de Léré" }]);
  });

  it("shows the form's errors in French to a French reader", async () => {
    await w.members.analyst.client.post("/set-language", { lng: "fr", redirectTo: "/" });
    try {
      const res = await w.members.analyst.client.post(`${base()}/new`, actorFields({ name: "", illicitLink: "alleged" }));
      const page = await res.text();
      expect(page).toContain(html(fr("stakeholders.errors.nameRequired")));
      expect(page).toContain(html(fr("stakeholders.errors.illicitSourceRequired")));
      const table = await (await w.members.analyst.client.get(base())).text();
      expect(table).toContain(html(fr("stakeholders.fields.legitimacy")));
    } finally {
      await w.members.analyst.client.post("/set-language", { lng: "en", redirectTo: "/" });
    }
  });

  it("records changes field by field, and an unchanged form records nothing", async () => {
    const id = actorNamed("Chefferie de Ber")!.id;
    const before = auditCount(server.dbPath, "stakeholder.actorUpdated");
    const same = await w.facilitator.client.post(`${base()}/${id}`, { intent: "update", ...actorFields({ name: "Chefferie de Ber", functions: ["justice"] }) });
    expect(same.status).toBe(200);
    expect(auditCount(server.dbPath, "stakeholder.actorUpdated")).toBe(before);
    const res = await w.facilitator.client.post(`${base()}/${id}`, {
      intent: "update",
      ...actorFields({ name: "Chefferie traditionnelle de Ber", functions: ["justice", "welfare"], legitimacy: "5" }),
    });
    expect(res.status).toBe(200);
    const event = query<{ details: string }>(
      server.dbPath,
      "SELECT details FROM audit_events WHERE action = 'stakeholder.actorUpdated' ORDER BY id DESC LIMIT 1",
    )[0]!;
    expect(JSON.parse(event.details)).toMatchObject({
      actor: "Chefferie traditionnelle de Ber",
      previousName: "Chefferie de Ber",
      actorFields: ["name", "functions", "legitimacy"],
    });
    // The audit log names the change in words.
    const log = await (await w.facilitator.client.get(`/processes/${w.processId}/audit`)).text();
    expect(log).toContain(html(en("auditActions.stakeholder.actorUpdated")));
    expect(log).toContain(`${en("stakeholders.fields.name")}, ${en("stakeholders.fields.functions")}`);
  });

  it("records relations between two actors of the process, once, and removes them", async () => {
    const a = actorNamed("Jeunes patrouilleurs de Ber")!.id;
    const b = actorNamed("Chefferie traditionnelle de Ber")!.id;
    const analyst = w.members.analyst.client;
    const added = await analyst.post(`${base()}/relations`, {
      intent: "addRelation",
      fromActorId: a,
      toActorId: b,
      kind: "depends_on",
      note: "Arbitrage des litiges",
    });
    expect(added.status).toBe(200);
    expect((await analyst.post(`${base()}/relations`, { intent: "addRelation", fromActorId: a, toActorId: b, kind: "depends_on" })).status).toBe(409);
    expect((await analyst.post(`${base()}/relations`, { intent: "addRelation", fromActorId: a, toActorId: a, kind: "ally" })).status).toBe(400);
    expect((await analyst.post(`${base()}/relations`, { intent: "addRelation", fromActorId: a, toActorId: b, kind: "married" })).status).toBe(400);
    expect((await analyst.post(`${base()}/relations`, { intent: "addRelation", fromActorId: a, toActorId: "nope", kind: "ally" })).status).toBe(404);
    expect((await w.members.mediator.client.post(`${base()}/relations`, { intent: "addRelation", fromActorId: b, toActorId: a, kind: "ally" })).status).toBe(
      403,
    );
    const relations = query<{ id: string; kind: string }>(server.dbPath, "SELECT id, kind FROM stakeholder_relations WHERE process_id = ?", w.processId);
    expect(relations.map((r) => r.kind)).toEqual(["depends_on"]);
    const page = await (await analyst.get(`${base()}/relations`)).text();
    expect(page).toContain("Arbitrage des litiges");
    expect(page).toContain(en("stakeholders.choices.relationNames.depends_on"));
    const actorPage = await (await analyst.get(`${base()}/${b}`)).text();
    expect(actorPage).toContain("Jeunes patrouilleurs de Ber");
    expect((await analyst.post(`${base()}/relations`, { intent: "removeRelation", relationId: relations[0]!.id })).status).toBe(200);
    expect(query(server.dbPath, "SELECT id FROM stakeholder_relations WHERE process_id = ?", w.processId)).toEqual([]);
    expect(auditCount(server.dbPath, "stakeholder.relationAdded")).toBe(1);
    expect(auditCount(server.dbPath, "stakeholder.relationRemoved")).toBe(1);
  });

  it("filters and sorts the table from the query string", async () => {
    const analyst = w.members.analyst.client;
    await createActor(analyst, {
      name: "Commerçants de la foire",
      categoryId: categoryId(server.dbPath, w.processId, "economic_actors"),
      community: "Songhaï",
      functions: [],
      influence: "5",
      legitimacy: "4",
    });
    const names = (page: string) => [...page.matchAll(/<tr data-actor="[^"]+"><th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    const byInfluence = await (await analyst.get(`${base()}?sort=influence&dir=desc`)).text();
    expect(names(byInfluence)[0]).toBe("Commerçants de la foire");
    const security = await (await analyst.get(`${base()}?fn=security`)).text();
    expect(names(security)).toEqual(["Jeunes patrouilleurs de Ber"]);
    const unrepresented = names(await (await analyst.get(`${base()}?represented=no`)).text());
    expect(unrepresented).toContain("Commerçants de la foire");
    expect(unrepresented).not.toContain("Jeunes patrouilleurs de Ber");
    expect(names(await (await analyst.get(`${base()}?q=foire`)).text())).toEqual(["Commerçants de la foire"]);
    expect(names(await (await analyst.get(`${base()}?q=songhai`)).text())).toEqual(["Commerçants de la foire"]);
    // Nonsense in the query shows the whole table, not an error.
    expect((await analyst.get(`${base()}?sort=drop&dir=sideways&fn=x&illicit=y`)).status).toBe(200);
  });

  it("deletes an actor with its relations and links; the annotations that named it stay", async () => {
    const id = await createActor(w.members.analyst.client, { name: "À supprimer" });
    const other = actorNamed("Chefferie traditionnelle de Ber")!.id;
    await w.members.analyst.client.post(`${base()}/relations`, { intent: "addRelation", fromActorId: id, toActorId: other, kind: "rival" });
    const res = await w.members.analyst.client.post(`${base()}/${id}`, { intent: "delete" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${base()}?done=deleted`);
    expect(query(server.dbPath, "SELECT id FROM stakeholder_actors WHERE id = ?", id)).toEqual([]);
    expect(query(server.dbPath, "SELECT id FROM stakeholder_relations WHERE from_actor_id = ? OR to_actor_id = ?", id, id)).toEqual([]);
    expect((await w.members.analyst.client.post(`${base()}/${id}`, { intent: "delete" })).status).toBe(404);
    // A category used by an actor can no longer be deleted.
    const custom = await w.facilitator.client.post(`/processes/${w.processId}/categories`, {
      intent: "add",
      labelEn: "Herders' associations",
      labelFr: "Associations d'éleveurs",
    });
    expect(custom.status).toBe(200);
    const customId = query<{ id: string }>(
      server.dbPath,
      "SELECT id FROM stakeholder_categories WHERE process_id = ? AND label_en = ?",
      w.processId,
      "Herders' associations",
    )[0]!.id;
    await createActor(w.members.analyst.client, { name: "Éleveurs transhumants", categoryId: customId });
    expect((await w.facilitator.client.post(`/processes/${w.processId}/categories`, { intent: "delete", categoryId: customId })).status).toBe(409);
  });
});

/** An actor in another world's process (its own analyst adds it). */
async function createActor2(world: ProcessWorld, name: string): Promise<string> {
  const res = await world.members.analyst.client.post(`/processes/${world.processId}/stakeholders/new`, actorFields({ name }));
  expect(res.status).toBe(302);
  return /stakeholders\/([0-9a-f-]{36})/.exec(res.headers.get("location") ?? "")![1]!;
}

describe("inclusion gaps", () => {
  // Each case is a fresh process: the gaps are read from the page, as the team sees them.
  it("lists governance providers with no one in the dialogue, categories and communities with no representative, and required categories nobody can decide for, the same as a round refuses", async () => {
    const g = await processWithEveryRole(server, { title: "Dialogue de Goundam", representativeCategory: "youth", representativeAffiliation: "Kel Antessar" });
    const gaps = `/processes/${g.processId}/stakeholders/gaps`;
    const analyst = g.members.analyst.client;
    const add = async (fields: Record<string, string | string[]>) => {
      const res = await analyst.post(`/processes/${g.processId}/stakeholders/new`, actorFields(fields));
      expect(res.status, await res.clone().text()).toBe(302);
      return /stakeholders\/([0-9a-f-]{36})/.exec(res.headers.get("location") ?? "")![1]!;
    };
    const section = (page: string, gap: string) => {
      const start = page.indexOf(`data-gap="${gap}"`);
      if (start < 0) return null;
      const end = page.indexOf("</section>", start);
      return page.slice(start, end);
    };
    // Provides security, nobody speaks for it: a gap.
    await add({ name: "Milice de Tin Aicha", community: "Peul de Goundam", functions: ["security"] });
    // Provides justice, represented by the youth representative: not a gap.
    const voiced = await add({ name: "Cadi de Goundam", community: "Kel Antessar", functions: ["justice"], memberIds: [g.members.representative.userId] });
    // Provides nothing: never a provider gap, but its community counts.
    await add({ name: "Pêcheurs du lac Faguibine", community: "Bozo", functions: [] });
    // The same community written differently ("kel antessar") is the same community.
    await add({ name: "Notables kel antessar", community: "kel  antessar", functions: [] });

    let page = await (await analyst.get(gaps)).text();
    const providers = section(page, "providers")!;
    expect(providers).toContain("Milice de Tin Aicha");
    expect(providers).not.toContain("Cadi de Goundam");
    expect(providers).not.toContain("Pêcheurs");
    const communities = section(page, "communities")!;
    expect(communities).toContain("Peul de Goundam");
    expect(communities).toContain("Bozo");
    expect(communities).not.toContain("antessar");
    const categories = section(page, "categories")!;
    expect(categories).toContain("<li>Women</li>");
    expect(categories).not.toContain("<li>Youth</li>");

    // A roadmap from the Anefis template: the categories a round would refuse are exactly the panel's.
    const created = await g.facilitator.client.post(`/processes/${g.processId}/documents/new`, {
      kind: "roadmap",
      title: "Feuille de route de Goundam",
      template: "roadmap-anefis",
    });
    expect(created.status, await created.clone().text()).toBe(302);
    const documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    await shareDocument(g.facilitator.client, g.processId, documentId);
    page = await (await analyst.get(gaps)).text();
    const templateGap = section(page, "templates")!;
    expect(templateGap).toContain("Feuille de route de Goundam");
    const open = await g.facilitator.client.post(
      `/processes/${g.processId}/documents/${documentId}?_data=${encodeURIComponent("routes/processes.$processId.documents.$documentId")}`,
      {
        intent: "open",
      },
    );
    const answer = (await open.json()) as { unrepresented?: { key: string | null }[] };
    expect(open.status).toBe(409);
    const refused = (answer.unrepresented ?? []).map((c) => c.key).sort();
    expect(refused.length).toBeGreaterThan(0);
    const anefis = /data-template="roadmap-anefis">([\s\S]*?)<\/li>/.exec(templateGap)?.[1] ?? "";
    for (const key of ["customary_authorities", "religious_leaders", "women", "armed_movements", "local_administration", "youth"]) {
      const label = categoryLabel({ key, labelEn: null, labelFr: null }, "en");
      expect(anefis.includes(html(label)), `${key} in the panel`).toBe(refused.includes(key));
    }

    // A representative for women joins: women leaves both lists at once.
    await addRepresentative(server, g, "women", "Femmes de Goundam");
    page = await (await analyst.get(gaps)).text();
    expect(section(page, "categories")!).not.toContain("<li>Women</li>");
    // The representative of the cadi becomes an observer: the cadi is a gap again (links count only for representatives).
    const db = openTestDb(server.dbPath);
    try {
      db.prepare("UPDATE process_members SET role = 'observer', category_id = NULL, affiliation = NULL WHERE process_id = ? AND user_id = ?").run(
        g.processId,
        g.members.representative.userId,
      );
    } finally {
      db.close();
    }
    page = await (await analyst.get(gaps)).text();
    expect(section(page, "providers")!).toContain("Cadi de Goundam");
    const table = await (await analyst.get(`/processes/${g.processId}/stakeholders?represented=yes`)).text();
    expect(table).not.toContain(`data-actor="${voiced}"`);
  });

  it("says so when there is no gap", async () => {
    const g = await processWithEveryRole(server, { title: "Dialogue sans lacune" });
    const page = await (await g.members.analyst.client.get(`/processes/${g.processId}/stakeholders/gaps`)).text();
    // No actor, but the templates' categories and the process's categories are unrepresented.
    expect(page).toContain('data-gap="categories"');
    expect(page).not.toContain(html(en("stakeholders.gaps.none")));
  });
});
