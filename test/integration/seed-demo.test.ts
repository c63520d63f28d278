import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { query } from "../support/processes.js";
import { freshDbPath, ROOT } from "../support/server.js";

function seed(dbPath: string, nodeEnv: "production" | "development") {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/seed-demo.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, NODE_ENV: nodeEnv },
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
    // Run twice: nothing duplicated.
    expect(seed(dbPath, "development").status).toBe(0);
    expect(query(dbPath, "SELECT id FROM processes")).toHaveLength(1);
  });

  it("refuses to run in production", () => {
    const dbPath = freshDbPath();
    const run = seed(dbPath, "production");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("refuses");
  });
});
