// A second factor for sign-in, against the real server: set-up with a QR code and a key, the code
// step at sign-in (also after a reset link), replays and recovery codes spent once, throttling like
// passwords, and the administrator's requirement per role on every page and document connection.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signIn, signUp, uniqueAccount, type AccountFields } from "../support/http.js";
import { createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let admin: HttpClient;
const adminAccount = uniqueAccount("facilitator");
let processId: string;
let documentId: string;
const sockets: TestClient[] = [];

const PAGE = "/account/second-factor";
const step = () => Math.floor(Date.now() / 30_000);
/** The app's code for the current time step plus `offset` (the server accepts −1…+1). */
const codeFor = (key: Uint8Array, offset = 0) => generateHOTP(key, BigInt(step() + offset), 6);
const userId = (email: string) => query<{ id: string }>(server.dbPath, "SELECT id FROM users WHERE email = ?", email)[0]!.id;

function socketFor(client: HttpClient): TestClient {
  const socket = connectClient(`${server.url.replace(/^http/, "ws")}/collab`, documentId, { headers: { cookie: client.cookieHeader() }, origin: server.url });
  sockets.push(socket);
  return socket;
}

/** Sets up a second factor through the page, as its holder would; returns the key and the recovery codes. */
async function enroll(client: HttpClient, password: string): Promise<{ key: Uint8Array; recoveryCodes: string[] }> {
  expect((await client.post(PAGE, { intent: "begin" })).status).toBe(200);
  const page = await (await client.get(PAGE)).text();
  const shown = /data-testid="second-factor-key">([A-Z2-7 ]+)</.exec(page)?.[1];
  expect(shown, "the key is shown for typing by hand").toBeDefined();
  const key = decodeBase32IgnorePadding(shown!.replace(/ /g, ""));
  const confirmed = await client.post(PAGE, { intent: "confirm", code: codeFor(key), password });
  expect(confirmed.status).toBe(200);
  const html = await confirmed.text();
  const recoveryCodes = [...html.matchAll(/<code>([a-z2-7]{5}-[a-z2-7]{5})<\/code>/g)].map((m) => m[1]!);
  expect(recoveryCodes).toHaveLength(10);
  return { key, recoveryCodes };
}

async function member(role: "mediator" | "analyst" | "observer", fields: Partial<AccountFields> = {}) {
  const account = { ...uniqueAccount(role), ...fields };
  const { client } = await joinWithNewAccount(server.url, await createInvitationViaForm(admin, processId, { role }), account);
  return { client, account, id: userId(account.email) };
}

beforeAll(async () => {
  server = await startServer();
  admin = new HttpClient(server.url);
  await signUp(admin, adminAccount);
  processId = await createProcessViaForm(admin, { title: "Dialogue de Tessit" });
  const created = await admin.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour", template: "blank" });
  documentId = /\/documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server?.stop();
});

describe("setting up a second factor", () => {
  it("shows a QR code and a key, refuses a wrong code, then is on with ten recovery codes and signs the other devices out", async () => {
    const { client: phone, account, id } = await member("mediator");
    const laptop = new HttpClient(server.url);
    expect((await signIn(laptop, account.email, account.password)).status).toBe(302);
    const laptopSocket = socketFor(laptop);
    await waitFor(() => laptopSocket.provider.synced, 10_000, "laptop synced");

    const off = await (await phone.get(PAGE)).text();
    expect(off).toContain("Off.");
    expect((await phone.post(PAGE, { intent: "begin" })).status).toBe(200);
    const page = await phone.get(PAGE);
    expect(page.headers.get("cache-control")).toContain("no-store");
    const html = await page.text();
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="QR code for an authenticator app"/);
    const key = decodeBase32IgnorePadding(/data-testid="second-factor-key">([A-Z2-7 ]+)</.exec(html)![1]!.replace(/ /g, ""));
    expect(key).toHaveLength(20);

    const wrong = await phone.post(PAGE, { intent: "confirm", code: codeFor(key, 5), password: account.password });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("This code is not right.");
    // Someone holding only the open session (not the password) cannot put their own factor on the account.
    const thief = await phone.post(PAGE, { intent: "confirm", code: codeFor(key), password: "a guess at the password" });
    expect(thief.status).toBe(400);
    expect(await thief.text()).toContain("The current password is not correct.");
    expect(query(server.dbPath, "SELECT confirmed_at FROM second_factors WHERE user_id = ?", id)).toEqual([{ confirmed_at: null }]);

    const confirmed = await phone.post(PAGE, { intent: "confirm", code: codeFor(key), password: account.password });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get("cache-control")).toContain("no-store");
    const done = await confirmed.text();
    const codes = [...done.matchAll(/<code>([a-z2-7]{5}-[a-z2-7]{5})<\/code>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(done).toContain("Your other devices were signed out");
    const hashes = query<{ code_hash: string }>(server.dbPath, "SELECT code_hash FROM recovery_codes WHERE user_id = ?", id).map((r) => r.code_hash);
    expect(hashes).toHaveLength(10);
    for (const code of codes) expect(hashes.join()).not.toContain(code.replace("-", ""));

    // This device goes on; the laptop (signed in without a code) is out, its socket closed.
    expect((await phone.get(`/processes/${processId}`)).status).toBe(200);
    await waitFor(() => laptopSocket.closes.length > 0, 5_000, "laptop socket closed");
    expect(laptopSocket.closes[0]!.code).toBe(4401);
    expect((await laptop.get(`/processes/${processId}`)).status).toBe(302);
    expect(await (await phone.get(PAGE)).text()).toContain("10 recovery codes left.");
  });
});

describe("signing in with a second factor", () => {
  let account: AccountFields;
  let id: string;
  let key: Uint8Array;
  let recoveryCodes: string[];

  beforeAll(async () => {
    const m = await member("observer");
    account = m.account;
    id = m.id;
    ({ key, recoveryCodes } = await enroll(m.client, m.account.password));
  });

  it("the password alone opens no session; the code does, once", async () => {
    const device = new HttpClient(server.url);
    const sessionsBefore = query(server.dbPath, "SELECT id FROM sessions WHERE user_id = ?", id).length;
    const first = await signIn(device, account.email, account.password, `/processes/${processId}`);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/login/code");
    expect(device.cookies.has("mw_session")).toBe(false);
    expect(device.cookies.has("mw_challenge")).toBe(true);
    expect(query(server.dbPath, "SELECT id FROM sessions WHERE user_id = ?", id)).toHaveLength(sessionsBefore);
    expect((await device.get(`/processes/${processId}`)).status).toBe(302);
    // No document opens either.
    const early = socketFor(device);
    await waitFor(() => early.closes.length > 0, 5_000, "refused");
    expect(early.provider.synced).toBe(false);

    const codePage = await device.get("/login/code");
    expect(codePage.status).toBe(200);
    expect(await codePage.text()).toContain("Code from your authenticator app");
    const wrong = await device.post("/login/code", { code: codeFor(key, 4) });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("This code is not right.");

    const code = codeFor(key, 1);
    const ok = await device.post("/login/code", { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`/processes/${processId}`);
    expect(device.cookies.has("mw_challenge")).toBe(false);
    expect((await device.get(`/processes/${processId}`)).status).toBe(200);
    const started = query<{ details: string }>(
      server.dbPath,
      "SELECT details FROM audit_events WHERE action = 'session.started' AND target_id = ? ORDER BY id DESC LIMIT 1",
      id,
    );
    expect(JSON.parse(started[0]!.details)).toEqual({ secondFactor: "totp" });

    // The same code, watched over a shoulder and typed elsewhere, is refused.
    const thief = new HttpClient(server.url);
    await signIn(thief, account.email, account.password);
    expect((await thief.post("/login/code", { code })).status).toBe(401);
    expect(thief.cookies.has("mw_session")).toBe(false);
  });

  it("a recovery code signs in once and says how many are left", async () => {
    const device = new HttpClient(server.url);
    await signIn(device, account.email, account.password);
    const res = await device.post("/login/code", { code: recoveryCodes[0]!.toUpperCase() });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/account\/second-factor\?recovery=1/);
    expect(await (await device.get(res.headers.get("location")!)).text()).toContain("You signed in with a recovery code: 9 are left.");
    const again = new HttpClient(server.url);
    await signIn(again, account.email, account.password);
    expect((await again.post("/login/code", { code: recoveryCodes[0]! })).status).toBe(401);
    expect(query(server.dbPath, "SELECT used_at FROM recovery_codes WHERE user_id = ? AND used_at IS NOT NULL", id)).toHaveLength(1);
  });

  it("the code page without a password step sends back to sign-in", async () => {
    const stranger = new HttpClient(server.url);
    const page = await stranger.get("/login/code");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/login?expired=1");
    const post = await stranger.post("/login/code", { code: codeFor(key) });
    expect(post.status).toBe(302);
    expect(stranger.cookies.has("mw_session")).toBe(false);
    expect(await (await stranger.get("/login?expired=1")).text()).toContain("The sign-in took too long.");
  });

  it("wrong codes are throttled like passwords, in French for a French holder", async () => {
    const m = await member("mediator", { preferredLanguage: "fr" });
    const { key: frKey } = await enroll(m.client, m.account.password);
    const device = new HttpClient(server.url, { "accept-language": "fr" });
    await signIn(device, m.account.email, m.account.password);
    for (let i = 0; i < 10; i++) {
      const res = await device.post("/login/code", { code: String(100000 + i) });
      expect(res.status).toBe(401);
      if (i === 0) expect(await res.text()).toContain("Ce code n&#x27;est pas le bon.");
    }
    const blocked = await device.post("/login/code", { code: codeFor(frKey, 1) });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(device.cookies.has("mw_session")).toBe(false);
    expect(query(server.dbPath, "SELECT key FROM login_failures WHERE key = ?", `second-factor:${m.id}`)).toHaveLength(10);
  });

  it("a reset link sets the password but does not skip the code", async () => {
    const issued = await admin.post("/admin", { intent: "issue-reset", userId: id });
    const link = /\/reset\/([a-z2-7]{32})/.exec(await issued.text())![1]!;
    const holder = new HttpClient(server.url);
    const done = await holder.post(`/reset/${link}`, { newPassword: "a new passphrase here", confirmPassword: "a new passphrase here" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/login/code");
    expect(holder.cookies.has("mw_session")).toBe(false);
    expect((await holder.get(`/processes/${processId}`)).status).toBe(302);
    expect((await holder.post("/login/code", { code: recoveryCodes[1]! })).status).toBe(302);
    expect((await holder.get(`/processes/${processId}`)).status).toBe(200);
  });

  it("new recovery codes replace the old ones, given a code; a setup can be cancelled", async () => {
    const m = await member("observer");
    const { recoveryCodes: old } = await enroll(m.client, m.account.password);
    expect((await m.client.post(PAGE, { intent: "renew", code: "000000" })).status).toBe(400);
    const renewed = await m.client.post(PAGE, { intent: "renew", code: old[0]! });
    expect(renewed.status).toBe(200);
    const fresh = [...(await renewed.text()).matchAll(/<code>([a-z2-7]{5}-[a-z2-7]{5})<\/code>/g)].map((r) => r[1]!);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    const device = new HttpClient(server.url);
    await signIn(device, m.account.email, m.account.password);
    expect((await device.post("/login/code", { code: old[1]! })).status).toBe(401);
    expect((await device.post("/login/code", { code: fresh[0]! })).status).toBe(302);

    const other = await member("observer");
    expect((await other.client.post(PAGE, { intent: "begin" })).status).toBe(200);
    const cancelled = await other.client.post(PAGE, { intent: "cancel" });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain("The setup was cancelled.");
    expect(query(server.dbPath, "SELECT user_id FROM second_factors WHERE user_id = ?", other.id)).toEqual([]);
    expect((await other.client.post(PAGE, { intent: "cancel" })).status).toBe(409);
  });

  it("turning it off needs the password and a code", async () => {
    const m = await member("observer");
    const { recoveryCodes: codes } = await enroll(m.client, m.account.password);
    const wrongPassword = await m.client.post(PAGE, { intent: "disable", password: "not the password", code: codes[0]! });
    expect(wrongPassword.status).toBe(400);
    const wrongCode = await m.client.post(PAGE, { intent: "disable", password: m.account.password, code: "000000" });
    expect(wrongCode.status).toBe(400);
    expect(query(server.dbPath, "SELECT user_id FROM second_factors WHERE user_id = ?", m.id)).toHaveLength(1);
    const off = await m.client.post(PAGE, { intent: "disable", password: m.account.password, code: codes[0]! });
    expect(off.status).toBe(200);
    expect(await off.text()).toContain("The second factor is off.");
    expect(query(server.dbPath, "SELECT user_id FROM second_factors WHERE user_id = ?", m.id)).toEqual([]);
    expect(query(server.dbPath, "SELECT code_hash FROM recovery_codes WHERE user_id = ?", m.id)).toEqual([]);
    // Sign-in is the password alone again.
    expect((await signIn(new HttpClient(server.url), m.account.email, m.account.password)).headers.get("location")).toBe("/");
  });
});

describe("the administrator requires a second factor for facilitators and analysts", () => {
  it("only the administrator sets it; roles are checked", async () => {
    const { client } = await member("mediator");
    expect((await client.post("/admin", { intent: "second-factor-roles", roles: ["analyst"] })).status).toBe(404);
    expect((await admin.post("/admin", { intent: "second-factor-roles", roles: ["administrator"] })).status).toBe(400);
    expect(query(server.dbPath, "SELECT key FROM instance_settings")).toEqual([]);
  });

  it("holders without one are sent to its setup from every page and lose their documents until they set it up", async () => {
    // The administrator, a facilitator here, sets theirs up first (otherwise they would be sent to it too).
    await enroll(admin, adminAccount.password);
    const analyst = await member("analyst");
    const mediator = await member("mediator");
    const analystSocket = socketFor(analyst.client);
    await waitFor(() => analystSocket.provider.synced, 10_000, "analyst synced");

    const saved = await admin.post("/admin", { intent: "second-factor-roles", roles: ["facilitator", "analyst"] });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("The requirement is saved.");
    expect(query<{ value: string }>(server.dbPath, "SELECT value FROM instance_settings WHERE key = 'second_factor_roles'")[0]!.value).toBe(
      '["analyst","facilitator"]',
    );

    await waitFor(() => analystSocket.closes.length > 0, 5_000, "analyst socket closed");
    expect(analystSocket.closes[0]!.code).toBe(4403);
    const page = await analyst.client.get(`/processes/${processId}`);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`${PAGE}?redirectTo=${encodeURIComponent(`/processes/${processId}`)}`);
    expect((await analyst.client.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "X", template: "blank" })).status).toBe(302);
    expect(query(server.dbPath, "SELECT id FROM documents WHERE title = 'X'")).toEqual([]);
    const again = socketFor(analyst.client);
    await waitFor(() => again.closes.length > 0, 5_000, "refused");
    expect(again.provider.synced).toBe(false);
    expect(await (await analyst.client.get(PAGE)).text()).toContain("The administrator requires a second factor for the role of");

    // Other roles are not concerned; the administrator, who has one, goes on.
    expect((await mediator.client.get(`/processes/${processId}`)).status).toBe(200);
    expect((await admin.get(`/processes/${processId}`)).status).toBe(200);

    // Set up, the analyst is back, and may not turn it off.
    const { recoveryCodes } = await enroll(analyst.client, analyst.account.password);
    expect((await analyst.client.get(`/processes/${processId}`)).status).toBe(200);
    const refused = await analyst.client.post(PAGE, { intent: "disable", password: analyst.account.password, code: recoveryCodes[0]! });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("it cannot be turned off");
    expect(query(server.dbPath, "SELECT confirmed_at FROM second_factors WHERE user_id = ?", analyst.id)[0]).toMatchObject({
      confirmed_at: expect.any(Number),
    });

    // A lost phone: the administrator resets it; the analyst signs in with the password and is sent to a new setup.
    const adminPage = await (await admin.get("/admin")).text();
    expect(adminPage).toContain("Reset the second factor");
    expect((await admin.post("/admin", { intent: "reset-second-factor", userId: analyst.id })).status).toBe(200);
    expect(query(server.dbPath, "SELECT user_id FROM second_factors WHERE user_id = ?", analyst.id)).toEqual([]);
    const fresh = new HttpClient(server.url);
    expect((await signIn(fresh, analyst.account.email, analyst.account.password)).headers.get("location")).toBe("/");
    expect((await fresh.get("/")).headers.get("location")).toBe(PAGE);
    const audits = query<{ action: string }>(
      server.dbPath,
      "SELECT action FROM audit_events WHERE action IN ('instance.second_factor_roles_set', 'account.second_factor_reset') ORDER BY id",
    ).map((r) => r.action);
    expect(audits).toEqual(["instance.second_factor_roles_set", "account.second_factor_reset"]);

    expect((await admin.post("/admin", { intent: "second-factor-roles" })).status).toBe(200);
    expect((await fresh.get(`/processes/${processId}`)).status).toBe(200);
  });
});
