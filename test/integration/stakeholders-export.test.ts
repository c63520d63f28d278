// The stakeholder map's Map view and its exports over the real app: real sessions, policy and
// language preferences, the real SQLite file. The CSV is read as a spreadsheet would (BOM, CRLF,
// RFC 4180 quoting) and the SVG is parsed by a strict XML parser (Python's, as an outside reader).
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { auditCount, categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, openDb, query, userId } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { openTestDb } from "../support/test-database.js";

let server: TestServer;
let processId: string;
let fac: HttpClient;
const members: Record<"analyst" | "mediator" | "representative" | "observer", HttpClient> = {} as never;
const emails: Record<string, string> = {};
let outsider: HttpClient;
const ids: Record<string, string> = {};

const INJECTION = '=HYPERLINK("http://example.org/x","Cliquez")';
const YOUTH = "Association des jeunes de Ber";
const CHIEF = "Chefferie de Ber, « Amenokal »";
const COUNCIL = "Élus communaux de Ber";
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Test setup only: actors go straight into the server's SQLite file. The actor form's route
 * belongs to another part of this feature and is not in this branch; the rows are those the
 * domain writes (same columns, same checks enforced by the schema).
 */
function insertActor(fields: {
  name: string;
  kind?: "group" | "person";
  category?: string | null;
  community?: string | null;
  functions?: string[];
  illicit?: "none" | "alleged" | "established";
  illicitSource?: string | null;
  influence: number;
  legitimacy: number;
  legitimacyNotes?: string | null;
  representationNote?: string | null;
  sources?: string | null;
  memberEmails?: string[];
}): string {
  const db = openTestDb(server.dbPath);
  try {
    const id = randomUUID();
    const by = userId(server.dbPath, emails.analyst!);
    const now = Date.now();
    db.prepare(
      `INSERT INTO stakeholder_actors (id, process_id, name, kind, category_id, community, functions, illicit_link, illicit_source,
         influence, legitimacy, legitimacy_notes, representation_note, sources, created_by, created_at, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      processId,
      fields.name,
      fields.kind ?? "group",
      fields.category ?? null,
      fields.community ?? null,
      JSON.stringify(fields.functions ?? []),
      fields.illicit ?? "none",
      fields.illicitSource ?? null,
      fields.influence,
      fields.legitimacy,
      fields.legitimacyNotes ?? null,
      fields.representationNote ?? null,
      fields.sources ?? null,
      by,
      now,
      by,
      now,
    );
    for (const email of fields.memberEmails ?? [])
      db.prepare("INSERT INTO stakeholder_actor_members (actor_id, user_id) VALUES (?, ?)").run(id, userId(server.dbPath, email));
    return id;
  } finally {
    db.close();
  }
}

const base = () => `/processes/${processId}/stakeholders`;

async function get(client: HttpClient, path: string) {
  const res = await client.get(path);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A CSV file's records (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  expect(cell === "" && row.length === 0, "the file ends with CRLF").toBe(true);
  return rows;
}

/** Parses the SVG with a strict XML parser; returns its root tag and all its text. */
function readSvg(bytes: Buffer): { root: string; text: string } {
  const script =
    "import sys, json, xml.etree.ElementTree as E\nroot = E.fromstring(sys.stdin.buffer.read())\nprint(json.dumps({'root': root.tag, 'text': ' '.join(root.itertext())}))";
  const run = spawnSync("python3", ["-c", script], { input: bytes, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { root: string; text: string };
}

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  fac = new HttpClient(server.url);
  await signUp(fac, { ...uniqueAccount("facilitator"), displayName: "Ibrahim Maïga" });
  processId = await createProcessViaForm(fac, { title: "Dialogue de Ber — 2026", locality: "Ber", region: "Tombouctou", languages: ["fr", "en"] });
  const youth = categoryId(server.dbPath, processId, "youth");
  for (const role of ["analyst", "mediator", "representative", "observer"] as const) {
    const extra = role === "representative" ? { categoryId: youth, affiliation: "Jeunes de Ber" } : {};
    const account = {
      ...uniqueAccount(role),
      displayName: role === "representative" ? "Aïcha Ag Alhousseini" : `${role} Touré`,
      preferredLanguage: role === "analyst" ? ("fr" as const) : ("en" as const),
    };
    emails[role] = account.email;
    members[role] = (await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role, ...extra }), account)).client;
  }
  outsider = new HttpClient(server.url);
  await signUp(outsider, uniqueAccount("outsider"));

  ids.youth = insertActor({
    name: YOUTH,
    category: youth,
    community: "Songhaï",
    functions: ["security", "livelihoods"],
    influence: 2,
    legitimacy: 4,
    memberEmails: [emails.representative!],
    sources: "Entretiens, mars 2026",
  });
  ids.chief = insertActor({
    name: CHIEF,
    kind: "person",
    category: categoryId(server.dbPath, processId, "customary_authorities"),
    community: "Kel Ansar",
    functions: ["justice"],
    influence: 5,
    legitimacy: 5,
    legitimacyNotes: 'Dit "le vieux",\nrespecté',
    representationNote: "Signe en personne",
  });
  ids.injection = insertActor({ name: INJECTION, category: null, influence: 1, legitimacy: 1, sources: "-2+3" });
  ids.council = insertActor({
    name: COUNCIL,
    category: categoryId(server.dbPath, processId, "local_administration"),
    functions: ["services", "justice"],
    illicit: "alleged",
    illicitSource: "Rapport, 2025",
    influence: 3,
    legitimacy: 2,
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("the stakeholder map's CSV export", () => {
  it("gives the team the table as CSV: UTF-8 with BOM, CRLF, a header in the reader's language, formulas kept as text, audited", async () => {
    const before = auditCount(server.dbPath, "stakeholder.exported");
    const file = await get(fac, `${base()}/export?format=csv`);
    expect(file.status, file.bytes.toString()).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="stakeholder-map-dialogue-de-ber-2026-${today()}.csv"`);
    expect(file.headers.get("cache-control")).toBe("private, no-store");
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.bytes.toString("utf8").slice(1);
    expect(text).toContain("\r\n");
    expect(text.replace(/\r\n/g, "")).not.toMatch(/(?<!\r)\n(?![^"]*")/); // bare LF only inside a quoted field
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      "Name",
      "Kind",
      "Stakeholder category",
      "Community",
      "Governance functions",
      "Link to the illicit economy",
      "Source of the illicit link",
      "Influence (1-5)",
      "Legitimacy as perceived locally (1-5)",
      "Legitimacy notes",
      "Represented in the dialogue",
      "Represented by",
      "Other representation",
      "Sources",
    ]);
    // Name order by default; every actor once.
    expect(rows.slice(1).map((r) => r[0])).toEqual([`'${INJECTION}`, YOUTH, CHIEF, COUNCIL]);
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byName.get(YOUTH)).toEqual([
      YOUTH,
      "Group",
      "Youth",
      "Songhaï",
      "Security; Livelihoods",
      "None known",
      "",
      "2",
      "4",
      "",
      "yes",
      "Aïcha Ag Alhousseini",
      "",
      "Entretiens, mars 2026",
    ]);
    expect(byName.get(CHIEF)!.slice(9, 13)).toEqual(['Dit "le vieux",\nrespecté', "no", "", "Signe en personne"]);
    expect(byName.get(COUNCIL)!.slice(4, 7)).toEqual(["Service delivery; Justice", "Alleged", "Rapport, 2025"]);
    // A cell a spreadsheet would run as a formula starts with an apostrophe.
    expect(byName.get(`'${INJECTION}`)!.at(-1)).toBe("'-2+3");
    expect(byName.get(`'${INJECTION}`)![2]).toBe("No category");
    expect(text).toContain(`"'=HYPERLINK(""http://example.org/x"",""Cliquez"")"`);

    expect(auditCount(server.dbPath, "stakeholder.exported")).toBe(before + 1);
    const last = query<{ actor_user_id: string; details: string; process_id: string }>(
      server.dbPath,
      "SELECT actor_user_id, details, process_id FROM audit_events WHERE action = 'stakeholder.exported' ORDER BY id DESC LIMIT 1",
    )[0]!;
    expect(JSON.parse(last.details)).toEqual({ format: "csv" });
    expect(last.process_id).toBe(processId);
  });

  it("is in French for a French reader", async () => {
    const rows = parseCsv((await get(members.analyst, `${base()}/export?format=csv`)).bytes.toString("utf8").slice(1));
    expect(rows[0]!.slice(0, 4)).toEqual(["Nom", "Nature", "Catégorie de parties prenantes", "Communauté"]);
    const youth = rows.find((r) => r[0] === YOUTH)!;
    expect(youth.slice(1, 5)).toEqual(["Groupe", "Jeunes", "Songhaï", "Sécurité; Moyens de subsistance"]);
    expect(youth[10]).toBe("oui");
    expect(rows.find((r) => r[0] === CHIEF)![10]).toBe("non");
  });

  it("honours the table's filters and sorting", async () => {
    const youth = categoryId(server.dbPath, processId, "youth");
    const names = async (q: string) =>
      parseCsv((await get(members.mediator, `${base()}/export?format=csv&${q}`)).bytes.toString("utf8").slice(1))
        .slice(1)
        .map((r) => r[0]);
    expect(await names(`category=${youth}`)).toEqual([YOUTH]);
    expect(await names("represented=no")).toEqual([`'${INJECTION}`, CHIEF, COUNCIL]);
    expect(await names("category=none")).toEqual([`'${INJECTION}`]);
    expect(await names("fn=justice&sort=influence&dir=desc")).toEqual([CHIEF, COUNCIL]);
    expect(await names("illicit=alleged")).toEqual([COUNCIL]);
    expect(await names("q=kel+ansar")).toEqual([CHIEF]);
  });
});

describe("the stakeholder map's SVG export", () => {
  it("is a standalone SVG file of the map with every actor, the process and the date, audited", async () => {
    const before = auditCount(server.dbPath, "stakeholder.exported");
    const file = await get(fac, `${base()}/export?format=svg`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="stakeholder-map-dialogue-de-ber-2026-${today()}.svg"`);
    expect(file.headers.get("cache-control")).toBe("private, no-store");
    const svg = file.bytes.toString("utf8");
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const { root, text } = readSvg(file.bytes);
    expect(root).toBe("{http://www.w3.org/2000/svg}svg");
    for (const name of [YOUTH, CHIEF, INJECTION, COUNCIL]) expect(text).toContain(name);
    expect(text).toContain("Dialogue de Ber — 2026");
    expect(text).toContain("Legitimacy as perceived locally");
    expect(text).toContain("Influence");
    expect(text).toContain(new Date().getUTCFullYear().toString());
    expect(svg).toMatch(/role="img"/);
    expect(svg).toMatch(/stroke-dasharray=/); // the not-represented rings
    expect(auditCount(server.dbPath, "stakeholder.exported")).toBe(before + 1);
    const last = query<{ details: string }>(
      server.dbPath,
      "SELECT details FROM audit_events WHERE action = 'stakeholder.exported' ORDER BY id DESC LIMIT 1",
    )[0]!;
    expect(JSON.parse(last.details)).toEqual({ format: "svg" });
  });

  it("draws the filtered view in the reader's language", async () => {
    const file = await get(members.analyst, `${base()}/export?format=svg&represented=no`);
    expect(file.status).toBe(200);
    const { text } = readSvg(file.bytes);
    expect(text).toContain("Légitimité perçue localement");
    expect(text).toContain("Vue filtrée");
    expect(text).toContain(CHIEF);
    expect(text).not.toContain(YOUTH);
  });

  it("answers an unknown format with a 400 in the reader's language, without an audit event", async () => {
    const before = auditCount(server.dbPath, "stakeholder.exported");
    for (const [client, words] of [
      [fac, "This export does not exist"],
      [members.analyst, "Cet export n'existe pas"],
    ] as const) {
      for (const q of ["?format=xlsx", ""]) {
        const res = await get(client, `${base()}/export${q}`);
        expect(res.status).toBe(400);
        expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
        expect(res.bytes.toString("utf8")).toContain(words);
      }
    }
    expect(auditCount(server.dbPath, "stakeholder.exported")).toBe(before);
  });
});

describe("the Map view", () => {
  it("shows the team the map as SVG in the page's HTML, with the numbered key linking to each actor", async () => {
    const res = await members.mediator.get(`${base()}/map`);
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    // Server-rendered: the drawing is in the HTML itself, before any script runs.
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="stakeholder-map-title stakeholder-map-desc"/);
    expect(html).toContain('<title id="stakeholder-map-title">Stakeholder map of Dialogue de Ber — 2026</title>');
    expect(html).toContain("Legitimacy as perceived locally");
    // Key: numbers in name order, each name a link to its actor.
    const order = [INJECTION, YOUTH, CHIEF, COUNCIL];
    const escaped = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    order.forEach((name, i) => {
      const id = ids[["injection", "youth", "chief", "council"][i]!]!;
      expect(html).toMatch(
        new RegExp(
          `<li value="${i + 1}">.*?<a [^>]*href="/processes/${processId}/stakeholders/${id}"[^>]*>${escaped(name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</a>`,
        ),
      );
    });
    expect(html).toContain(`href="/processes/${processId}/stakeholders/export?format=svg"`);
  });

  it("filters the map with the table's query, keeping each actor's number", async () => {
    const html = await (await members.analyst.get(`${base()}/map?represented=yes`)).text();
    expect(html).toContain("Carte : influence et légitimité");
    expect(html).toContain(`<li value="2">`);
    expect(html).toContain(YOUTH);
    expect(html).not.toContain(CHIEF);
    expect(html).toContain(`href="/processes/${processId}/stakeholders/export?represented=yes&amp;format=svg"`);
    const none = await (await fac.get(`${base()}/map?illicit=established`)).text();
    expect(none).toContain("No actor matches these filters.");
    expect(none).not.toContain('role="img"');
  });

  it("says so when the map has no actor yet", async () => {
    const other = await createProcessViaForm(fac, { title: "Dialogue de Léré" });
    const html = await (await fac.get(`/processes/${other}/stakeholders/map`)).text();
    expect(html).toContain("No actor on the map yet.");
    expect(html).not.toContain('role="img"');
  });
});

describe("outside the team", () => {
  it("the map and its exports do not exist for representatives, observers and non-members (404), and ask others to sign in", async () => {
    const before = auditCount(server.dbPath, "stakeholder.exported");
    const paths = [`${base()}/map`, `${base()}/export?format=csv`, `${base()}/export?format=svg`, `${base()}/export?format=xlsx`];
    for (const [who, client] of [
      ["representative", members.representative],
      ["observer", members.observer],
      ["outsider", outsider],
    ] as const) {
      for (const path of paths) {
        const res = await client.get(path);
        const body = await res.text();
        expect(res.status, `${who} GET ${path}`).toBe(404);
        expect(body).not.toContain(YOUTH);
      }
    }
    const anonymous = await new HttpClient(server.url).get(`${base()}/export?format=csv`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    expect(auditCount(server.dbPath, "stakeholder.exported")).toBe(before);
  });
});
