import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, signIn, signUp, uniqueAccount } from "../support/http.js";
import { startServer, type TestServer } from "../support/server.js";
import { openTestDb } from "../support/test-database.js";

let server: TestServer;
const admin = uniqueAccount("admin");

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function db() {
  return openTestDb(server.dbPath, { readonly: true });
}

describe("accounts and sessions", () => {
  it("sends a new workspace to the administrator sign-up", async () => {
    const res = await new HttpClient(server.url).get("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/signup");
    const page = await (await new HttpClient(server.url).get("/signup")).text();
    expect(page).toContain("Create the administrator account");
  });

  it("creates the first account as administrator and signs it in with a hashed session", async () => {
    const client = new HttpClient(server.url);
    const res = await signUp(client, admin);
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("mw_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // http origin
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)![1]);
    expect(Math.abs(maxAge - 30 * 24 * 3600)).toBeLessThan(60);
    const token = client.cookies.get("mw_session")!;
    const home = await client.get("/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(admin.displayName);

    const conn = db();
    const user = conn.prepare("SELECT * FROM users WHERE email = ?").get(admin.email) as Record<string, unknown>;
    expect(user.is_admin).toBe(1);
    expect(String(user.password_hash)).toMatch(/^\$argon2id\$/);
    const sessions = conn.prepare("SELECT id FROM sessions").all() as { id: string }[];
    const everything = JSON.stringify(conn.prepare("SELECT * FROM sessions").all()) + JSON.stringify(user);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(admin.password);
    expect(sessions[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    conn.close();
  });

  it("refuses a second self sign-up with a clear message while sign-up is closed", async () => {
    const client = new HttpClient(server.url);
    const page = await (await client.get("/signup")).text();
    expect(page).toContain("Sign-up is closed");
    const res = await signUp(client, uniqueAccount("intruder"));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Sign-up is closed. Ask a facilitator for an invitation link.");
    const conn = db();
    expect((conn.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n).toBe(1);
    conn.close();
  });

  it("answers the same to an unknown email and a wrong password, in the user's language", async () => {
    const client = new HttpClient(server.url, { "x-forwarded-for": "ignored" });
    const wrong = await signIn(client, admin.email, "not the password at all");
    const unknown = await signIn(client, "nobody@example.org", "not the password at all");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain("The email address or the password is not correct.");
    expect(b).toContain("The email address or the password is not correct.");
    const fr = new HttpClient(server.url, { "accept-language": "fr-FR,fr;q=0.9" });
    const res = await signIn(fr, admin.email, "still not the password");
    expect(await res.text()).toContain("L&#x27;adresse e-mail ou le mot de passe est incorrect.");
  });

  it("validates sign-up input on the server and changes nothing", async () => {
    const client = new HttpClient(server.url);
    const res = await client.post("/login", { email: "", password: "" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Enter your email address.");
  });

  it("refuses a cross-site POST with 403", async () => {
    const client = new HttpClient(server.url);
    await signIn(client, admin.email, admin.password);
    const res = await client.post("/logout", {}, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    const noOrigin = await client.post("/logout", {}, { origin: null });
    expect(noOrigin.status).toBe(403);
    // Still signed in: nothing happened.
    expect((await client.get("/")).status).toBe(200);
  });

  it("signs out, and signs in again", async () => {
    const client = new HttpClient(server.url);
    expect((await signIn(client, admin.email, admin.password)).status).toBe(302);
    const out = await client.post("/logout", {});
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/login");
    expect(out.headers.get("clear-site-data")).toBe('"cache", "storage"');
    expect(client.cookies.has("mw_session")).toBe(false);
    expect((await client.get("/")).headers.get("location")).toBe("/login");
    expect((await signIn(client, admin.email, admin.password)).status).toBe(302);
    expect((await client.get("/")).status).toBe(200);
  });

  it("signs out of all devices", async () => {
    const phone = new HttpClient(server.url);
    const laptop = new HttpClient(server.url);
    await signIn(phone, admin.email, admin.password);
    await signIn(laptop, admin.email, admin.password);
    await laptop.post("/logout", { scope: "all" });
    expect((await phone.get("/")).headers.get("location")).toBe("/login");
  });

  it("ends every other session when the password changes", async () => {
    const phone = new HttpClient(server.url);
    const laptop = new HttpClient(server.url);
    await signIn(phone, admin.email, admin.password);
    await signIn(laptop, admin.email, admin.password);
    const newPassword = "a brand new passphrase";
    const res = await laptop.post("/account", { intent: "password", currentPassword: admin.password, newPassword });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Your password was changed.");
    expect((await laptop.get("/account")).status).toBe(200);
    expect((await phone.get("/account")).status).toBe(302);
    admin.password = newPassword;
  });

  it("writes an audit event for each account mutation", async () => {
    const conn = db();
    const actions = (conn.prepare("SELECT action FROM audit_events").all() as { action: string }[]).map((r) => r.action);
    conn.close();
    expect(actions).toEqual(expect.arrayContaining(["account.created", "session.started", "session.ended", "session.ended_all", "account.password_changed"]));
  });
});

describe("server", () => {
  it("answers /healthz and refuses upgrades outside /collab/", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const { default: WebSocket } = await import("ws");
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace("http", "ws")}/elsewhere`);
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => undefined);
    });
    expect(status).toBe(404);
  });

  it("serves fingerprinted assets with long cache headers", async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    const asset = /href="(\/build\/_assets\/[^"]+\.css)"/.exec(html)![1]!;
    const res = await fetch(server.url + asset);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.headers.get("cache-control")).toContain("max-age=31536000");
  });

  it("sets a CSP that allows the app's own WebSocket", async () => {
    const res = await fetch(`${server.url}/login`);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:");
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
  });

  it("refuses to start on a bad configuration value, naming the variable in one line", async () => {
    const failed = await startServer({ env: { PUBLIC_ORIGIN: "not a url" } }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/exited with 1/);
    expect(failed).toMatch(/Configuration error: PUBLIC_ORIGIN="not a url" is invalid/);
  });

  it("keeps a session across a restart", async () => {
    const client = new HttpClient(server.url);
    await signIn(client, admin.email, admin.password);
    // Graceful stop on SIGTERM: exit code 0 after closing sockets and the database.
    expect(await server.stop()).toBe(0);
    expect(server.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    server = await startServer({ dbPath: server.dbPath, port: server.port });
    expect((await client.get("/account")).status).toBe(200);
  });
});

describe("login abuse", () => {
  it("rate-limits repeated wrong passwords with 429 and a retry time", async () => {
    const client = new HttpClient(server.url);
    const victim = admin.email;
    // Earlier tests already failed on this account; the limit counts the window, not this test.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(client, victim, `wrong password ${i}`)).status);
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThan(0);
    expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
    // Even the right password is refused while throttled, and the limit survives a restart.
    await server.stop();
    server = await startServer({ dbPath: server.dbPath, port: server.port });
    const limited = await signIn(client, victim, admin.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/Too many sign-in attempts. Try again in \d+ minute/);
  });

  it("counts failures per client address: a forged X-Forwarded-For is ignored, a trusted proxy's is believed", async () => {
    const ipKeys = (s: TestServer) => {
      const d = openTestDb(s.dbPath, { readonly: true });
      try {
        return (d.prepare("SELECT DISTINCT key FROM login_failures WHERE key LIKE 'ip:%' ORDER BY key").all() as { key: string }[]).map((r) => r.key);
      } finally {
        d.close();
      }
    };
    const forged = { headers: { "x-forwarded-for": "203.0.113.7" } };
    // Directly exposed (the default): the header is whatever the client wrote; the socket decides.
    const direct = await startServer();
    try {
      await signIn(new HttpClient(direct.url, forged.headers), "nobody@example.org", "wrong password here");
      expect(ipKeys(direct)).toEqual(["ip:127.0.0.1"]);
    } finally {
      await direct.stop();
    }
    // Behind one proxy (TRUST_PROXY=1): each client of the workshop counts on its own.
    const proxied = await startServer({ env: { TRUST_PROXY: "1" } });
    try {
      await signIn(new HttpClient(proxied.url, forged.headers), "nobody@example.org", "wrong password here");
      await signIn(new HttpClient(proxied.url, { "x-forwarded-for": "198.51.100.4" }), "nobody@example.org", "wrong password here");
      expect(ipKeys(proxied)).toEqual(["ip:198.51.100.4", "ip:203.0.113.7"]);
    } finally {
      await proxied.stop();
    }
  });
});
