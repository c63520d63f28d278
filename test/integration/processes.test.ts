import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, signIn, signUp, uniqueAccount } from "../support/http.js";
import {
  auditCount,
  categoryId,
  createInvitationViaForm,
  createProcessViaForm,
  joinWithNewAccount,
  openDb,
  query,
  shareDocument,
  tokenHash,
  userId,
} from "../support/processes.js";
import { ROOT, startServer, type TestServer } from "../support/server.js";
import { openTestDb } from "../support/test-database.js";

let server: TestServer;
const adminAccount = uniqueAccount("admin");
let admin: HttpClient; // instance administrator; member of an unrelated process only
let fac: HttpClient; // facilitator of the main process
let outsider: HttpClient; // signed in, not a member of the main process
let processId: string;
let documentId: string; // a document of the main process, for routes under /documents/$documentId
const title = "Dialogue intercommunautaire de Ber, 2026";
const members: Record<string, { client: HttpClient; id: string; email: string }> = {};

beforeAll(async () => {
  server = await startServer(); // sign-up closed after the first account (OPEN_SIGNUP=false)
  admin = new HttpClient(server.url);
  expect((await signUp(admin, adminAccount)).status).toBe(302);
  const adminProcess = await createProcessViaForm(admin, { title: "Admin's own process" });
  // Everyone else enters through invitation links, as in the field.
  const facToken = await createInvitationViaForm(admin, adminProcess, { role: "facilitator" });
  const facJoin = await joinWithNewAccount(server.url, facToken, uniqueAccount("facilitator"));
  fac = facJoin.client;
  const outToken = await createInvitationViaForm(admin, adminProcess, { role: "observer" });
  outsider = (await joinWithNewAccount(server.url, outToken, uniqueAccount("outsider"))).client;

  processId = await createProcessViaForm(fac, { title, description: "Cessation des hostilités et administration intérimaire." });
  const doc = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route" });
  expect(doc.status).toBe(302);
  documentId = /\/documents\/([A-Za-z0-9_-]+)$/.exec(doc.headers.get("location") ?? "")![1]!;
  await shareDocument(fac, processId, documentId);
  const youth = categoryId(server.dbPath, processId, "youth");
  for (const [role, extra] of [
    ["mediator", {}],
    ["analyst", {}],
    ["representative", { categoryId: youth, affiliation: "Songhai of Bourem" }],
    ["observer", {}],
  ] as const) {
    const account = uniqueAccount(role);
    const token = await createInvitationViaForm(fac, processId, { role, ...extra });
    const joined = await joinWithNewAccount(server.url, token, account);
    expect(joined.location).toBe(`/processes/${processId}`);
    members[role] = { client: joined.client, id: userId(server.dbPath, account.email), email: account.email };
  }
});

afterAll(async () => {
  await server?.stop();
});

describe("processes", () => {
  it("makes the creator facilitator, lists the process on the dashboard and shows the overview", async () => {
    const home = await (await fac.get("/")).text();
    expect(home).toContain(title);
    const overview = await fac.get(`/processes/${processId}`);
    expect(overview.status).toBe(200);
    const html = await overview.text();
    expect(html).toContain(title);
    expect(html).toContain("Feuille de route"); // the documents list of the process
    // Youth is represented; the others are flagged missing.
    expect(html).toMatch(/data-category="youth" data-represented="true"/);
    expect(html).toMatch(/data-category="women" data-represented="false"/);
    expect(html).toContain("Not represented (8)");
    const rows = query<{ role: string }>(server.dbPath, "SELECT role FROM process_members WHERE process_id = ? ORDER BY role", processId);
    expect(rows.map((r) => r.role)).toEqual(["analyst", "facilitator", "mediator", "observer", "representative"]);
    expect(query(server.dbPath, "SELECT 1 FROM stakeholder_categories WHERE process_id = ?", processId)).toHaveLength(9);
  });

  it("rejects invalid input with localized messages and changes nothing", async () => {
    const before = query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM processes")[0]!.n;
    const res = await fac.post("/processes/new", { title: "  ", locality: "", region: "", description: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter a title.");
    expect(html).toContain("Enter the locality.");
    expect(html).toContain("Choose at least one working language");
    const bad = await fac.post("/processes/new", { title: "x", locality: "y", languages: "de" });
    expect(bad.status).toBe(400);
    expect(query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM processes")[0]!.n).toBe(before);

    // A representative invitation without category and affiliation.
    const invitesBefore = query(server.dbPath, "SELECT id FROM invitations").length;
    const inv = await fac.post(`/processes/${processId}/invitations`, { intent: "invite", role: "representative" });
    expect(inv.status).toBe(400);
    const invHtml = await inv.text();
    expect(invHtml).toContain("Choose the stakeholder category this representative speaks for.");
    expect(invHtml).toContain("Enter the community or affiliation of this representative.");
    expect(query(server.dbPath, "SELECT id FROM invitations")).toHaveLength(invitesBefore);

    // Custom category without its French label.
    const cat = await fac.post(`/processes/${processId}/categories`, { intent: "add", labelEn: "Fishermen", labelFr: "" });
    expect(cat.status).toBe(400);
    expect(await cat.text()).toContain("Enter the French label.");
    expect(query(server.dbPath, "SELECT id FROM stakeholder_categories WHERE process_id = ?", processId)).toHaveLength(9);

    // And in French for a French-speaking user.
    await fac.post("/set-language", { lng: "fr", redirectTo: "/" });
    const fr = await fac.post("/processes/new", { title: "", locality: "" });
    expect(await fr.text()).toContain("Saisissez un titre.");
    await fac.post("/set-language", { lng: "en", redirectTo: "/" });
  });

  it("edits, archives (read-only for everyone) and restores a process", async () => {
    const edit = await fac.post(`/processes/${processId}/settings`, {
      intent: "update",
      title,
      locality: "Ber",
      region: "Tombouctou",
      description: "Updated description",
      languages: ["fr", "en"],
    });
    expect(edit.status).toBe(200);
    expect(auditCount(server.dbPath, "process.updated")).toBe(1);

    expect((await fac.post(`/processes/${processId}/settings`, { intent: "archive" })).status).toBe(200);
    const page = await (await members.mediator!.client.get(`/processes/${processId}`)).text();
    expect(page).toContain("This process is archived. It is read-only for everyone.");
    // Mutations refused for everyone, facilitator included; reading still works.
    expect((await fac.post(`/processes/${processId}/categories`, { intent: "add", labelEn: "A", labelFr: "B" })).status).toBe(403);
    expect((await fac.post(`/processes/${processId}/invitations`, { intent: "invite", role: "observer" })).status).toBe(403);
    expect((await members.observer!.client.post(`/processes/${processId}/members`, { intent: "leave" })).status).toBe(403);
    expect((await members.observer!.client.get(`/processes/${processId}/members`)).status).toBe(200);
    expect((await fac.post(`/processes/${processId}/settings`, { intent: "unarchive" })).status).toBe(200);
    expect(query<{ status: string }>(server.dbPath, "SELECT status FROM processes WHERE id = ?", processId)[0]!.status).toBe("active");
  });
});

describe("invitations", () => {
  async function newProcessWithInvitation() {
    const pid = await createProcessViaForm(fac);
    const token = await createInvitationViaForm(fac, pid, { role: "observer" });
    return { pid, token };
  }

  it("works once: a used link gets a clear page and cannot create an account or join", async () => {
    const { pid, token } = await newProcessWithInvitation();
    const anonymous = new HttpClient(server.url);
    const landing = await anonymous.get(`/invite/${token}`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain("Create an account to join");
    await joinWithNewAccount(server.url, token);
    const again = await new HttpClient(server.url).get(`/invite/${token}`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("This invitation was already used.");
    const signup = await signUp(new HttpClient(server.url), { ...uniqueAccount("late"), invitation: token } as never, `/invite/${token}`);
    expect(signup.status).toBe(410);
    const join = await outsider.post(`/invite/${token}`, {});
    expect(join.status).toBe(410);
    expect(query(server.dbPath, "SELECT 1 FROM process_members WHERE process_id = ?", pid)).toHaveLength(2);
    // The token is never stored, only its hash.
    const stored = JSON.stringify(query(server.dbPath, "SELECT * FROM invitations")) + JSON.stringify(query(server.dbPath, "SELECT * FROM audit_events"));
    expect(stored).not.toContain(token);
    expect(query(server.dbPath, "SELECT 1 FROM invitations WHERE token_hash = ?", tokenHash(token))).toHaveLength(1);
    // And it is not in the request log either.
    expect(server.logs.join("\n")).not.toContain(token);
  });

  it("refuses an expired link", async () => {
    const { token } = await newProcessWithInvitation();
    const db = openTestDb(server.dbPath);
    db.prepare("UPDATE invitations SET expires_at = ? WHERE token_hash = ?").run(Date.now() - 1000, tokenHash(token));
    db.close();
    const res = await new HttpClient(server.url).get(`/invite/${token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This invitation has expired.");
    expect((await outsider.post(`/invite/${token}`, {})).status).toBe(410);
    const signup = await new HttpClient(server.url).post(`/signup?invitation=${token}`, { ...uniqueAccount("exp"), invitation: token } as never);
    expect(signup.status).toBe(410);
  });

  it("refuses a revoked link, and lists pending invitations until then", async () => {
    const { pid, token } = await newProcessWithInvitation();
    const invitationId = query<{ id: string }>(server.dbPath, "SELECT id FROM invitations WHERE token_hash = ?", tokenHash(token))[0]!.id;
    expect(await (await fac.get(`/processes/${pid}/invitations`)).text()).toContain(`value="${invitationId}"`);
    // Invitations live on their own page: the members page neither lists nor takes them.
    expect(await (await fac.get(`/processes/${pid}/members`)).text()).not.toContain(`value="${invitationId}"`);
    expect((await fac.post(`/processes/${pid}/members`, { intent: "revoke", invitationId })).status).toBe(400);
    const revoke = await fac.post(`/processes/${pid}/invitations`, { intent: "revoke", invitationId });
    expect(revoke.status).toBe(200);
    expect(await revoke.text()).toContain("The invitation was revoked.");
    expect(await (await fac.get(`/processes/${pid}/invitations`)).text()).not.toContain(`value="${invitationId}"`);
    const res = await new HttpClient(server.url).get(`/invite/${token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This invitation was revoked");
    expect((await outsider.post(`/invite/${token}`, {})).status).toBe(410);
  });

  it("refuses a link for a process archived after the invitation", async () => {
    const { pid, token } = await newProcessWithInvitation();
    expect((await fac.post(`/processes/${pid}/settings`, { intent: "archive" })).status).toBe(200);
    const res = await new HttpClient(server.url).get(`/invite/${token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This process is archived");
    expect((await outsider.post(`/invite/${token}`, {})).status).toBe(410);
    expect(query(server.dbPath, "SELECT 1 FROM process_members WHERE process_id = ?", pid)).toHaveLength(1);
  });

  it("answers 404 to an unknown link", async () => {
    const res = await new HttpClient(server.url).get(`/invite/${"a".repeat(32)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("This invitation link is not valid.");
  });

  it("lets an existing account sign in through the link and join", async () => {
    const pid = await createProcessViaForm(fac);
    const token = await createInvitationViaForm(fac, pid, { role: "analyst" });
    const res = await outsider.post(`/invite/${token}`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/processes/${pid}`);
    expect((await outsider.get(`/processes/${pid}`)).status).toBe(200);
  });
});

describe("membership", () => {
  it("keeps at least one facilitator: the last one cannot leave, be demoted or removed", async () => {
    const facId = query<{ user_id: string }>(server.dbPath, "SELECT user_id FROM process_members WHERE process_id = ? AND role = 'facilitator'", processId)[0]!
      .user_id;
    const leave = await fac.post(`/processes/${processId}/members`, { intent: "leave" });
    expect(leave.status).toBe(409);
    expect(await leave.text()).toContain("You are the last facilitator");
    const demote = await fac.post(`/processes/${processId}/members`, { intent: "update", userId: facId, role: "mediator" });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain("A process always keeps at least one facilitator");
    const role = query<{ role: string }>(server.dbPath, "SELECT role FROM process_members WHERE process_id = ? AND user_id = ?", processId, facId);
    expect(role[0]!.role).toBe("facilitator");
  });

  it("applies a role change on the next request", async () => {
    const { client, id } = members.observer!;
    expect((await client.get(`/processes/${processId}/settings`)).status).toBe(403);
    expect(await (await client.get(`/processes/${processId}/settings`)).text()).toContain("Your role in this process does not allow this action.");
    expect((await client.get(`/processes/${processId}/audit`)).status).toBe(403);
    expect((await client.get(`/processes/${processId}/invitations`)).status).toBe(403);
    expect((await client.post(`/processes/${processId}/invitations`, { intent: "invite", role: "observer" })).status).toBe(403);
    expect(await (await client.get(`/processes/${processId}`)).text()).not.toContain(`/processes/${processId}/invitations`);
    expect((await fac.post(`/processes/${processId}/members`, { intent: "update", userId: id, role: "facilitator" })).status).toBe(200);
    expect((await client.get(`/processes/${processId}/settings`)).status).toBe(200);
    expect((await client.get(`/processes/${processId}/audit`)).status).toBe(200);
    expect((await client.get(`/processes/${processId}/invitations`)).status).toBe(200);
    expect(await (await client.get(`/processes/${processId}`)).text()).toContain(`/processes/${processId}/invitations`);
    // Two facilitators now: the new one may step down again.
    expect((await client.post(`/processes/${processId}/members`, { intent: "update", userId: id, role: "observer" })).status).toBe(200);
    expect((await client.get(`/processes/${processId}/settings`)).status).toBe(403);
    // Representative: category and affiliation required, and kept in the membership.
    const women = categoryId(server.dbPath, processId, "women");
    const missing = await fac.post(`/processes/${processId}/members`, { intent: "update", userId: id, role: "representative" });
    expect(missing.status).toBe(400);
    const ok = await fac.post(`/processes/${processId}/members`, {
      intent: "update",
      userId: id,
      role: "representative",
      categoryId: women,
      affiliation: "Kunta",
    });
    expect(ok.status).toBe(200);
    const row = query<{ role: string; category_id: string; affiliation: string }>(
      server.dbPath,
      "SELECT role, category_id, affiliation FROM process_members WHERE process_id = ? AND user_id = ?",
      processId,
      id,
    )[0]!;
    expect(row).toEqual({ role: "representative", category_id: women, affiliation: "Kunta" });
    expect((await fac.post(`/processes/${processId}/members`, { intent: "update", userId: id, role: "observer" })).status).toBe(200);
  });

  it("refuses a removed member's next request with 404", async () => {
    const pid = await createProcessViaForm(fac);
    const token = await createInvitationViaForm(fac, pid, { role: "mediator" });
    const { client, account } = await joinWithNewAccount(server.url, token);
    expect((await client.get(`/processes/${pid}`)).status).toBe(200);
    const remove = await fac.post(`/processes/${pid}/members`, { intent: "remove", userId: userId(server.dbPath, account.email) });
    expect(remove.status).toBe(200);
    expect((await client.get(`/processes/${pid}`)).status).toBe(404);
    expect((await client.get(`/processes/${pid}/members`)).status).toBe(404);
    expect((await client.post(`/processes/${pid}/members`, { intent: "leave" })).status).toBe(404);
    expect(await (await client.get("/")).text()).not.toContain(`/processes/${pid}`);
  });

  it("lets a member leave", async () => {
    const pid = await createProcessViaForm(fac);
    const token = await createInvitationViaForm(fac, pid, { role: "observer" });
    const { client } = await joinWithNewAccount(server.url, token);
    const res = await client.post(`/processes/${pid}/members`, { intent: "leave" });
    expect(res.status).toBe(302);
    expect((await client.get(`/processes/${pid}`)).status).toBe(404);
  });
});

describe("stakeholder categories", () => {
  it("adds, renames and deletes a process-specific category; refuses to delete one in use or a default one", async () => {
    const add = await fac.post(`/processes/${processId}/categories`, { intent: "add", labelEn: "Fishermen", labelFr: "Pêcheurs" });
    expect(add.status).toBe(200);
    const custom = query<{ id: string }>(server.dbPath, "SELECT id FROM stakeholder_categories WHERE process_id = ? AND key IS NULL", processId)[0]!.id;
    const rename = await fac.post(`/processes/${processId}/categories`, { intent: "rename", categoryId: custom, labelEn: "Fisherfolk", labelFr: "Pêcheurs" });
    expect(rename.status).toBe(200);
    // In use by a representative: cannot be deleted.
    const observer = members.observer!;
    await fac.post(`/processes/${processId}/members`, {
      intent: "update",
      userId: observer.id,
      role: "representative",
      categoryId: custom,
      affiliation: "Bozo",
    });
    const inUse = await fac.post(`/processes/${processId}/categories`, { intent: "delete", categoryId: custom });
    expect(inUse.status).toBe(409);
    expect(await inUse.text()).toContain("This category is in use");
    await fac.post(`/processes/${processId}/members`, { intent: "update", userId: observer.id, role: "observer" });
    const builtIn = await fac.post(`/processes/${processId}/categories`, { intent: "delete", categoryId: categoryId(server.dbPath, processId, "women") });
    expect(builtIn.status).toBe(409);
    const del = await fac.post(`/processes/${processId}/categories`, { intent: "delete", categoryId: custom });
    expect(del.status).toBe(200);
    expect(query(server.dbPath, "SELECT 1 FROM stakeholder_categories WHERE id = ?", custom)).toHaveLength(0);
    // Members without the right get 403.
    expect((await members.mediator!.client.post(`/processes/${processId}/categories`, { intent: "add", labelEn: "X", labelFr: "Y" })).status).toBe(403);
  });
});

/** Every route file that takes a process id, as the URL it serves and whether it has an action. */
function processRoutes(): { file: string; path: string; hasAction: boolean; index: boolean }[] {
  const dir = join(ROOT, "app/routes");
  return readdirSync(dir)
    .filter((f) => f.includes("$processId") && /\.tsx?$/.test(f) && !f.includes(".test."))
    .map((file) => {
      const segments = file.replace(/\.tsx?$/, "").split(".");
      const index = segments.at(-1) === "_index";
      const path =
        "/" +
        segments
          .filter((s) => s !== "_index")
          // A trailing "_" only opts a route out of its parent's layout; the URL segment is the same.
          .map((s) => s.replace(/_$/, ""))
          .map((s) => (s === "$processId" ? "{id}" : s === "$documentId" ? "{doc}" : s === "$actorId" ? "{actor}" : s))
          .join("/");
      expect(path, `route ${file} has a parameter this walker does not know`).not.toContain("$");
      const source = readFileSync(join(dir, file), "utf8");
      return { file, path, hasAction: /export (async )?function action/.test(source), index };
    });
}

describe("non-members", () => {
  const intents = [
    "",
    "invite",
    "revoke",
    "update",
    "remove",
    "leave",
    "add",
    "rename",
    "delete",
    "archive",
    "unarchive",
    "create",
    "addRelation",
    "removeRelation",
  ];

  it("get 404 on every process URL, page and action, whoever they are", async () => {
    const routes = processRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    const facId = query<{ user_id: string }>(server.dbPath, "SELECT user_id FROM process_members WHERE process_id = ? AND role = 'facilitator'", processId)[0]!
      .user_id;
    const auditBefore = auditCount(server.dbPath);
    const checked: string[] = [];
    for (const [who, client] of [
      ["outsider", outsider],
      ["instance administrator", admin],
    ] as const) {
      for (const id of [processId, "00000000-0000-4000-8000-000000000000"]) {
        for (const route of routes) {
          const url = route.path.replace("{id}", id).replace("{doc}", documentId).replace("{actor}", "11111111-1111-4111-8111-111111111111");
          const res = await client.get(url);
          expect(res.status, `${who} GET ${url} (${route.file})`).toBe(404);
          const body = await res.text();
          expect(body).not.toContain(title);
          checked.push(`GET ${route.file}`);
          if (!route.hasAction) continue;
          for (const intent of intents) {
            const post = await client.post(route.index ? `${url}?index` : url, {
              intent,
              userId: facId,
              role: "observer",
              labelEn: "x",
              labelFr: "y",
              title: "hijack",
              locality: "x",
              languages: "en",
            });
            expect(post.status, `${who} POST ${url} intent=${intent} (${route.file})`).toBe(404);
          }
          checked.push(`POST ${route.file}`);
        }
      }
    }
    expect(auditCount(server.dbPath)).toBe(auditBefore);
    expect(query<{ title: string }>(server.dbPath, "SELECT title FROM processes WHERE id = ?", processId)[0]!.title).toBe(title);
    // The administrator's dashboard does not list processes they are not a member of.
    expect(await (await admin.get("/")).text()).not.toContain(title);
    expect(checked.length).toBeGreaterThan(0);
  });

  it("are sent to sign in when signed out (nothing about the process is shown)", async () => {
    const res = await new HttpClient(server.url).get(`/processes/${processId}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("audit log", () => {
  it("records every mutation with actor and process", async () => {
    const rows = query<{ action: string; actor_user_id: string | null; process_id: string | null }>(
      server.dbPath,
      "SELECT action, actor_user_id, process_id FROM audit_events WHERE process_id IS NOT NULL",
    );
    const actions = new Set(rows.map((r) => r.action));
    for (const action of [
      "process.created",
      "process.updated",
      "process.archived",
      "process.unarchived",
      "invitation.created",
      "invitation.accepted",
      "invitation.revoked",
      "member.updated",
      "member.removed",
      "member.left",
      "category.created",
      "category.renamed",
      "category.deleted",
    ]) {
      expect(actions.has(action), action).toBe(true);
    }
    expect(rows.every((r) => r.actor_user_id !== null)).toBe(true);
    // One event per accepted invitation, per created one (the main process had four).
    const accepted = query<{ n: number }>(
      server.dbPath,
      "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'invitation.accepted' AND process_id = ?",
      processId,
    )[0]!.n;
    expect(accepted).toBe(4);
  });

  it("shows facilitators the log, paginated, filterable, in English and in French", async () => {
    const en = await (await fac.get(`/processes/${processId}/audit`)).text();
    expect(en).toContain("Invitation accepted");
    expect(en).toContain("Membership changed");
    expect(en).toContain("Songhai of Bourem");
    const filtered = await (await fac.get(`/processes/${processId}/audit?action=category.renamed`)).text();
    expect(filtered).toContain("Category renamed");
    expect(filtered).toContain("Fisherfolk");
    expect(filtered).not.toContain('data-action="invitation.accepted"');
    const count = () => query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM audit_events WHERE process_id = ?", processId)[0]!.n;
    // Enough events for a second page (25 a page).
    while (count() <= 25) await createInvitationViaForm(fac, processId, { role: "observer" });
    const total = count();
    const first = await (await fac.get(`/processes/${processId}/audit`)).text();
    expect(first).toContain(`Page 1 of ${Math.ceil(total / 25)}`);
    const page2 = await (await fac.get(`/processes/${processId}/audit?page=2`)).text();
    expect(page2).toContain("Page 2 of");
    expect(page2).toContain("Process created");

    await fac.post("/set-language", { lng: "fr", redirectTo: "/" });
    const fr = await (await fac.get(`/processes/${processId}/audit`)).text();
    expect(fr).toContain("Journal d&#x27;audit");
    expect(fr).toContain("Invitation acceptée");
    expect(fr).toContain("Adhésion modifiée");
    expect(fr).toContain("Représentant");
    await fac.post("/set-language", { lng: "en", redirectTo: "/" });
  });
});

describe("signing in again", () => {
  it("keeps memberships across sessions", async () => {
    const client = new HttpClient(server.url);
    await signIn(client, adminAccount.email, adminAccount.password);
    expect(await (await client.get("/")).text()).toContain("Admin&#x27;s own process");
  });
});
