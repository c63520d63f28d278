// What the header's notification count costs (it runs on every page) and the dashboard's list,
// on a busy workspace in a real SQLite file (WAL, the app's settings, every migration): 200
// processes of 10 documents; 3 sign-off rounds per document (two closed without adoption, then one
// adopted or still open), 20 annotation threads per document with 4 messages each; times spread
// over the last 60 days. The person measured is a member of 20 processes (representative in 10,
// analyst in 10) and started 1 thread per document in 5 of them; a mediator is in about 10; the
// facilitator in all 200 (and opened every round). CPU time of this process (process.cpuUsage)
// per call and wall-time median / p95 over many calls, after warm-up.
// Run: npm run bench:notifications   (about half a minute, most of it seeding)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../app/storage/database.server.js";
import { migrate, MIGRATIONS_DIR } from "../app/storage/migrate.server.js";
import { QueryLayer } from "../app/storage/sql.server.js";
import { notificationCount, waitingForYou } from "../app/domain/notifications.server.js";
import type { UserRef } from "../app/domain/access.server.js";

const PROCESSES = 200;
const DOCUMENTS = 10;
const THREADS = 20;
const MESSAGES = 4;
const USERS = 60;
const DAY = 24 * 60 * 60 * 1000;

const dir = mkdtempSync(join(tmpdir(), "bench-notifications-"));
const db = openDatabase(join(dir, "mediation.db"));
migrate(db, MIGRATIONS_DIR);
// The seed below writes through the better-sqlite3 handle (one synchronous transaction: fast, and
// not what is measured); the measured domain functions read through the query layer, as in the app.
const sql = QueryLayer.sqlite(db);

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const now = Date.now();
const ago = (maxDays: number) => now - Math.floor(random() * maxDays * DAY);
const HASH = "a".repeat(64);

const started = performance.now();
db.transaction(() => {
  const user = db.prepare(
    "INSERT INTO users (id, email, display_name, password_hash, preferred_language, created_at, updated_at) VALUES (?, ?, ?, 'x', 'en', ?, ?)",
  );
  for (let u = 0; u < USERS; u++) user.run(`u${u}`, `u${u}@example.org`, `Person ${u}`, now - 90 * DAY, now - 90 * DAY);
  const insertProcess = db.prepare(
    "INSERT INTO processes (id, title, locality, languages, created_by, created_at, updated_at) VALUES (?, ?, 'Ber', 'fr', 'u1', ?, ?)",
  );
  const category = db.prepare("INSERT INTO stakeholder_categories (id, process_id, key, position, created_at) VALUES (?, ?, 'youth', 0, ?)");
  const member = db.prepare(
    "INSERT INTO process_members (process_id, user_id, role, category_id, affiliation, joined_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const document = db.prepare(
    "INSERT INTO documents (id, process_id, kind, title, status, created_by, created_at, updated_at, visibility) VALUES (?, ?, 'roadmap', ?, ?, 'u1', ?, ?, 'shared')",
  );
  const round = db.prepare(
    "INSERT INTO signoff_rounds (id, document_id, number, status, version_hash, snapshot, canonical, opened_by, opened_at) VALUES (?, ?, ?, 'open', ?, x'00', '{}', 'u1', ?)",
  );
  const roundCategory = db.prepare("INSERT INTO signoff_round_categories (round_id, category_id, source) VALUES (?, ?, 'facilitator')");
  const close = db.prepare("UPDATE signoff_rounds SET status = ?, closed_by = 'u1', closed_at = ?, close_reason = ? WHERE id = ?");
  const thread = db.prepare(
    "INSERT INTO annotation_threads (id, document_id, type, visibility, anchor, created_by, created_at, updated_at) VALUES (?, ?, 'general', ?, '{}', ?, ?, ?)",
  );
  const message = db.prepare(
    "INSERT INTO annotation_messages (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, 'Une remarque sur ce passage.', ?)",
  );
  for (let p = 0; p < PROCESSES; p++) {
    const pid = `p${p}`;
    insertProcess.run(pid, `Dialogue ${p}`, now - 90 * DAY, now - 90 * DAY);
    category.run(`c${p}`, pid, now - 90 * DAY);
    // The measured person (u0) is in the first 20 processes; the facilitator (u1) in all; three others each.
    if (p < 20) member.run(pid, "u0", p < 10 ? "representative" : "analyst", p < 10 ? `c${p}` : null, p < 10 ? "Jeunes" : null, now - 80 * DAY, now - 80 * DAY);
    member.run(pid, "u1", "facilitator", null, null, now - 90 * DAY, now - 90 * DAY);
    // Those who write in threads (the facilitator opens and closes rounds).
    const members: string[] = [];
    for (let k = 0; k < 3; k++) {
      const id = `u${2 + ((p * 3 + k) % (USERS - 2))}`;
      member.run(pid, id, "mediator", null, null, now - 90 * DAY, now - 90 * DAY);
      members.push(id);
    }
    for (let d = 0; d < DOCUMENTS; d++) {
      const did = `${pid}d${d}`;
      const open = d % 3 === 0;
      document.run(did, pid, `Feuille de route ${p}.${d}`, open ? "in_signoff" : "adopted", now - 70 * DAY, now);
      const times = [ago(60), ago(60), ago(60)].sort((a, b) => a - b);
      for (let r = 0; r < 3; r++) {
        const rid = `${did}r${r}`;
        round.run(rid, did, r + 1, HASH, times[r]!);
        roundCategory.run(rid, `c${p}`);
        if (r < 2) close.run("reopened", times[r]! + DAY / 2, "Ajouter un article", rid);
        else if (!open) close.run("adopted", times[r]! + DAY / 2, null, rid);
      }
      for (let t = 0; t < THREADS; t++) {
        const tid = `${did}t${t}`;
        const start = ago(60);
        // Written by the process's members; u0 started one thread per document in 5 of their processes.
        const author = p < 20 && p % 4 === 0 && t === 0 ? "u0" : members[t % members.length]!;
        // As the app does: every message moves its thread's updated_at.
        thread.run(tid, did, t % 2 ? "team" : "shared", author, start, start + (MESSAGES - 1) * 3_600_000);
        for (let m = 0; m < MESSAGES; m++) message.run(`${tid}m${m}`, tid, m === 0 ? author : members[(t + m) % members.length]!, start + m * 3_600_000);
      }
    }
  }
})();
db.pragma("optimize");
const seeded = performance.now() - started;
const counts = db
  .prepare(
    "SELECT (SELECT COUNT(*) FROM signoff_rounds) AS rounds, (SELECT COUNT(*) FROM annotation_threads) AS threads, (SELECT COUNT(*) FROM annotation_messages) AS messages",
  )
  .get() as { rounds: number; threads: number; messages: number };

async function measure(label: string, fn: () => Promise<unknown>, runs = 300) {
  for (let i = 0; i < 30; i++) await fn();
  const walls: number[] = [];
  const cpu = process.cpuUsage();
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    walls.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  walls.sort((a, b) => a - b);
  const cpuMs = (used.user + used.system) / 1000 / runs;
  console.log(
    `${label.padEnd(58)} CPU ${cpuMs.toFixed(3)} ms/call   wall median ${walls[Math.floor(runs / 2)]!.toFixed(3)} / p95 ${walls[Math.floor(runs * 0.95)]!.toFixed(3)} ms   → ${JSON.stringify(result)}`,
  );
}

// A typical member: an observer of two processes who never wrote in a thread.
db.prepare(
  "INSERT INTO users (id, email, display_name, password_hash, preferred_language, created_at, updated_at) VALUES ('typical', 'typical@example.org', 'Typical', 'x', 'fr', ?, ?)",
).run(now, now);
for (const pid of ["p30", "p31"]) {
  db.prepare("INSERT INTO process_members (process_id, user_id, role, joined_at, updated_at) VALUES (?, 'typical', 'observer', ?, ?)").run(
    pid,
    now - 80 * DAY,
    now,
  );
}
const person: UserRef = { id: "u0", isAdmin: false };
const facilitator: UserRef = { id: "u1", isAdmin: false };
const mark = (userId: string, at: number) =>
  db
    .prepare(
      "INSERT INTO notification_marks (user_id, seen_up_to, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET seen_up_to = excluded.seen_up_to",
    )
    .run(userId, at, now);

console.log(
  `seeded ${PROCESSES} processes, ${PROCESSES * DOCUMENTS} documents, ${counts.rounds} rounds, ${counts.threads} threads, ${counts.messages} messages in ${(seeded / 1000).toFixed(1)} s`,
);
await measure("count, observer of 2 processes, never marked", () => notificationCount(sql, { id: "typical", isAdmin: false }));
await measure("count, member of 20 processes, never marked (30 days)", () => notificationCount(sql, person));
await measure("list, member of 20 processes", async () => (await waitingForYou(sql, person)).entries.length, 100);
mark("u0", now - DAY);
await measure("count, member of 20 processes, marked a day ago", () => notificationCount(sql, person));
const mediator: UserRef = { id: "u5", isAdmin: false };
const mediatorOf = (db.prepare("SELECT COUNT(*) AS n FROM process_members WHERE user_id = 'u5'").get() as { n: number }).n;
await measure(`count, mediator of ${mediatorOf} processes, never marked`, () => notificationCount(sql, mediator));
await measure("count, facilitator of 200 processes, never marked", () => notificationCount(sql, facilitator), 100);
mark("u1", now - DAY);
await measure("count, facilitator of 200 processes, marked a day ago", () => notificationCount(sql, facilitator));
await measure("list, facilitator of 200 processes", async () => (await waitingForYou(sql, facilitator)).entries.length, 50);

await sql.close();
rmSync(dir, { recursive: true, force: true });
