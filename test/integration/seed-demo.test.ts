import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { query } from "../support/processes.js";
import { HttpClient, signIn, signUp, uniqueAccount } from "../support/http.js";
import { freshDbPath, ROOT, startServer } from "../support/server.js";
import { databaseEnv } from "../support/test-database.js";

function seed(dbPath: string, nodeEnv: "production" | "development" | "test" | undefined) {
  // DATABASE_PATH, or DATABASE_URL in the integration-postgres project.
  const env: Record<string, string | undefined> = { ...process.env, ...databaseEnv(dbPath), NODE_ENV: nodeEnv };
  if (nodeEnv === undefined) delete env.NODE_ENV;
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/seed-demo.ts"], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
}

describe("npm run seed:demo", () => {
  it("creates a labelled demo process with every role and a representative per default category, and prints the logins", () => {
    const dbPath = freshDbPath();
    const run = seed(dbPath, "development");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("[DEMO]");
    expect(run.stdout).toContain("demo.rep.youth@example.org");
    const roles = query<{ role: string; n: number }>(dbPath, "SELECT role, COUNT(*) AS n FROM process_members GROUP BY role ORDER BY role");
    expect(roles).toEqual([
      { role: "analyst", n: 1 },
      { role: "facilitator", n: 1 },
      { role: "mediator", n: 1 },
      { role: "observer", n: 1 },
      { role: "representative", n: 9 },
    ]);
    const unrepresented = query(
      dbPath,
      "SELECT c.key FROM stakeholder_categories c WHERE NOT EXISTS (SELECT 1 FROM process_members m WHERE m.category_id = c.id)",
    );
    expect(unrepresented).toEqual([]);
    // A fictional stakeholder map: some governance providers with a representative, some without.
    const actors = query<{ name: string; represented: number }>(
      dbPath,
      "SELECT a.name, (SELECT COUNT(*) FROM stakeholder_actor_members l WHERE l.actor_id = a.id) AS represented FROM stakeholder_actors a ORDER BY a.name",
    );
    expect(actors.length).toBe(7);
    expect(actors.every((a) => a.name.startsWith("[DEMO] "))).toBe(true);
    expect(actors.filter((a) => a.represented === 0).map((a) => a.name)).toContain("[DEMO] Milice d'autodéfense du fleuve");
    expect(query<{ title: string }>(dbPath, "SELECT title FROM processes")[0]!.title).toMatch(/^\[DEMO\] /);
    // The demo is a French-speaking team's: its documents open in French.
    const roadmap = new Y.Doc();
    for (const row of query<{ update_blob: Buffer }>(
      dbPath,
      "SELECT u.update_blob FROM collab_updates u JOIN documents d ON d.id = u.document_id WHERE d.kind = 'roadmap' ORDER BY u.seq",
    )) {
      Y.applyUpdate(roadmap, row.update_blob);
    }
    expect(roadmap.getXmlFragment("default").toString()).toContain("Cessation des hostilités");
    // It names the file it writes, and no demo account is the administrator.
    expect(run.stdout).toContain(dbPath);
    expect(query(dbPath, "SELECT email FROM users WHERE is_admin = 1")).toEqual([]);
    // Run twice: the database has accounts now, so it refuses and adds nothing.
    const again = seed(dbPath, "development");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(dbPath);
    expect(query(dbPath, "SELECT id FROM processes")).toHaveLength(1);
    expect(query(dbPath, "SELECT id FROM users")).toHaveLength(13);
  });

  it("refuses a database that already has an account, whatever NODE_ENV says, and writes nothing", async () => {
    for (const nodeEnv of [undefined, "development", "test"] as const) {
      const dbPath = freshDbPath();
      const first = await startServer({ dbPath });
      try {
        expect((await signUp(new HttpClient(first.url), { ...uniqueAccount("owner"), email: "owner@example.org" })).status).toBe(302);
      } finally {
        await first.stop();
      }
      const run = seed(dbPath, nodeEnv);
      expect(run.status, run.stdout).toBe(1);
      expect(run.stderr).toContain("refuses");
      expect(run.stderr).toContain(dbPath);
      expect(query(dbPath, "SELECT email, is_admin FROM users")).toEqual([{ email: "owner@example.org", is_admin: 1 }]);
      expect(query(dbPath, "SELECT id FROM processes")).toEqual([]);
    }
  });

  it("on a demo database, the first person to sign up becomes the administrator; demo accounts still sign in", async () => {
    const dbPath = freshDbPath();
    expect(seed(dbPath, "development").status).toBe(0);
    const server = await startServer({ dbPath });
    try {
      expect((await signUp(new HttpClient(server.url), { ...uniqueAccount("admin"), email: "admin@example.org" })).status).toBe(302);
      expect(query(dbPath, "SELECT email FROM users WHERE is_admin = 1")).toEqual([{ email: "admin@example.org" }]);
      const demo = new HttpClient(server.url);
      expect((await signIn(demo, "demo.facilitator@example.org", "demo-only-password-2026")).status).toBe(302);
      expect(await (await demo.get("/")).text()).toContain("[DEMO] Dialogue intercommunautaire de Ber");
      // Self sign-up is closed again once the administrator exists.
      const late = await fetch(`${server.url}/signup`);
      expect(await late.text()).not.toContain('name="password"');
    } finally {
      await server.stop();
    }
  });

  it("refuses to run in production", () => {
    const dbPath = freshDbPath();
    const run = seed(dbPath, "production");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("refuses");
  });
});
