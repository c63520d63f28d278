// Read-then-write checks of the domain on PostgreSQL under concurrency, where each statement of a
// transaction sees its own snapshot (READ COMMITTED) and nothing is serialized unless a row is held.
//
// The sign-off integrity, at the storage boundary: a writer whose updates reach storage directly
// (another instance, a client the live freeze did not reach) races the opening of a round, over and
// over. "Hash the stored text, then lock it" is only safe if the document's row is held from the
// start (lockStoredText): an append then either committed before the hash or is refused by the lock
// trigger after it. The frozen version must always be exactly the stored text.
//
// The last facilitator: two facilitators leaving, or demoting each other, at the same moment. Each
// counts two facilitators unless membership changes of a process hold its row (holdRow); without it
// both succeed and the process is left with none.
//
// The first account: sign-ups on a new workspace at the same moment. Each would see no
// administrator unless sign-ups wait for each other (serializeOn); only one may become it.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { canonicalVersionOf } from "../../app/core/canonical.js";
import { AccessDeniedError, type UserRef } from "../../app/domain/access.server.js";
import type { Services } from "../../app/domain/context.server.js";
import { createDocument, setDocumentVisibility } from "../../app/domain/documents.server.js";
import { acceptInvitation, createInvitation } from "../../app/domain/invitations.server.js";
import { createProcess } from "../../app/domain/processes.server.js";
import { leaveProcess, updateMember } from "../../app/domain/members.server.js";
import { openRound } from "../../app/domain/signoff.server.js";
import { readStoredState, type CollabPersistence } from "../../app/storage/collab-store.server.js";
import { createDocumentPersistence } from "../../server/collab-access.js";
import { migratePostgres } from "../../app/storage/migrate-postgres.server.js";
import { openPostgres } from "../../app/storage/postgres.server.js";
import { QueryLayer } from "../../app/storage/sql.server.js";
import { createAccount } from "../../app/domain/accounts.server.js";
import { domainServices, testAccount, testConfig } from "../support/domain.js";
import { describePostgres, startPostgres, type TestPostgres } from "../support/postgres.js";

describePostgres("concurrent changes on PostgreSQL", () => {
  let cluster: TestPostgres;
  let sql: QueryLayer;
  let services: Services;
  let persistence: CollabPersistence;

  beforeAll(async () => {
    cluster = await startPostgres();
    const admin = openPostgres(cluster.url, { max: 1 });
    await admin.query("CREATE DATABASE race");
    await admin.end();
    const pool = openPostgres(cluster.urlFor("race"), { max: 10 });
    await migratePostgres(pool);
    sql = QueryLayer.postgres(pool);
    // The app's own collab storage on PostgreSQL (with "last edited" in each append).
    persistence = createDocumentPersistence(sql);
    services = domainServices(sql, {
      signoffChecks: { blockingFindings: async () => [] },
      // No live editors here: the writer below goes to storage directly, as one the freeze missed.
      collabLock: { freeze: async () => undefined },
    });
  }, 60_000);
  afterAll(async () => {
    await sql?.close();
    await cluster?.stop();
  });

  const user = async (name: string): Promise<UserRef> => {
    const a = await testAccount(sql, name);
    return { id: a.id, isAdmin: a.isAdmin };
  };

  it("never freezes a version other than the stored text, whichever of a round's opening and an append commits first", async () => {
    const fac = await user("fac");
    const created = await createProcess(services, fac, { title: "Ber", locality: "Ber", languages: ["fr", "en"] });
    if (!created.ok) throw new Error("process");
    const pid = created.value.id;
    const youthId = (await sql.get<{ id: string }>("SELECT id FROM stakeholder_categories WHERE process_id = ? AND key = 'youth'", pid))!.id;
    const youth = await user("youth");
    const invitation = await createInvitation(services, fac, pid, { role: "representative", categoryId: youthId, affiliation: "Ber" });
    if (!invitation.ok) throw new Error("invitation");
    expect((await acceptInvitation(services, youth, invitation.value.token)).ok).toBe(true);

    let stored = 0;
    let refused = 0;
    for (let attempt = 0; attempt < 12; attempt++) {
      const doc = await createDocument(services, fac, pid, { kind: "roadmap", title: `Feuille de route ${attempt}` });
      if (!doc.ok) throw new Error("document");
      const id = doc.value.id;
      await setDocumentVisibility(services, fac, pid, id, { visibility: "shared" });

      // The writer: one paragraph per append, as fast as storage takes them, until refused.
      const text = new Y.Doc();
      for (const u of (await readStoredState(sql, id)).updates) Y.applyUpdate(text, u);
      let locked = false;
      const writer = (async () => {
        for (let n = 0; !locked && n < 500; n++) {
          const before = Y.encodeStateVector(text);
          const p = new Y.XmlElement("paragraph");
          p.insert(0, [new Y.XmlText(`Point ${n}`)]);
          text.getXmlFragment("default").push([p]);
          try {
            await persistence.append([{ documentId: id, update: Y.encodeStateAsUpdate(text, before), userId: fac.id }]);
            stored++;
          } catch (error) {
            expect((error as Error).message).toContain("signoff: the document is locked");
            locked = true;
            refused++;
          }
        }
      })();
      // Let some appends land first, then open the round in the middle of the stream.
      while (stored < attempt * 3 + 3) await new Promise((r) => setTimeout(r, 1));
      const opened = await openRound(services, fac, pid, id, { categoryIds: [youthId] });
      expect(opened.ok, JSON.stringify(opened)).toBe(true);
      await writer;
      if (!opened.ok) continue;
      // The version the representatives will sign is the text storage serves, to the byte.
      const now = canonicalVersionOf((await readStoredState(sql, id)).updates);
      expect(now.hash).toBe(opened.value.versionHash);
    }
    // Every writer was stopped by the lock, none by running out of paragraphs.
    expect(refused).toBe(12);
  }, 120_000);

  it("always leaves a process one facilitator, whichever two facilitators leave or demote each other at once", async () => {
    const results: boolean[][] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const first = await user(`first-${attempt}`);
      const second = await user(`second-${attempt}`);
      const created = await createProcess(services, first, { title: `Processus ${attempt}`, locality: "Ber", languages: ["fr"] });
      if (!created.ok) throw new Error("process");
      const pid = created.value.id;
      const invitation = await createInvitation(services, first, pid, { role: "facilitator" });
      if (!invitation.ok) throw new Error("invitation");
      expect((await acceptInvitation(services, second, invitation.value.token)).ok).toBe(true);
      // Half the attempts: both leave; the other half: each demotes the other to mediator. The one
      // that goes second is refused: as the last facilitator (leaving), or as no longer allowed to
      // manage members (demoted first: the policy's refusal, thrown as AccessDeniedError).
      const outcomes = await Promise.allSettled(
        attempt % 2 === 0
          ? [leaveProcess(services, first, pid), leaveProcess(services, second, pid)]
          : [
              updateMember(services, first, pid, { userId: second.id, role: "mediator" }),
              updateMember(services, second, pid, { userId: first.id, role: "mediator" }),
            ],
      );
      for (const o of outcomes) {
        if (o.status === "rejected") expect(o.reason, String(o.reason)).toBeInstanceOf(AccessDeniedError);
        else if (!o.value.ok) expect(JSON.stringify(o.value)).toMatch(/lastFacilitator/);
      }
      results.push(outcomes.map((o) => o.status === "fulfilled" && o.value.ok));
      const facilitators = await sql.all("SELECT user_id FROM process_members WHERE process_id = ? AND role = 'facilitator'", pid);
      expect(facilitators, `attempt ${attempt}`).toHaveLength(1);
    }
    // Exactly one of each pair went through; the other was told why (the last facilitator).
    for (const pair of results) expect(pair.filter(Boolean)).toHaveLength(1);
  }, 60_000);

  it("makes only one of many first sign-ups at once the administrator", async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const name = `accounts_${attempt}`;
      const admin = openPostgres(cluster.url, { max: 1 });
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const pool = openPostgres(cluster.urlFor(name), { max: 10 });
      await migratePostgres(pool);
      const fresh = QueryLayer.postgres(pool);
      try {
        // Closed sign-up: only the first account may sign itself up, as on a new workspace.
        const closed = { ...testConfig, openSignup: false };
        // To make them race for certain, another transaction holds the users table against inserts
        // (reads pass) until all eight sign-ups are waiting on a lock: each has either looked for an
        // administrator and waits to insert, or waits for its turn to look.
        const blocker = await pool.connect();
        await blocker.query("BEGIN");
        await blocker.query("LOCK TABLE users IN EXCLUSIVE MODE");
        const signups = Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            createAccount(
              fresh,
              closed,
              { email: `first-${i}@example.org`, displayName: `First ${i}`, password: "a long enough password", preferredLanguage: "fr" },
              "self",
            ),
          ),
        );
        const waiting = async () =>
          (await pool.query<{ n: number }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))
            .rows[0]!.n;
        const deadline = Date.now() + 20_000;
        while ((await waiting()) < 8) {
          if (Date.now() > deadline) throw new Error("the sign-ups never all waited");
          await new Promise((r) => setTimeout(r, 5));
        }
        await blocker.query("ROLLBACK");
        blocker.release();
        const outcomes = await signups;
        const admins = await fresh.all<{ email: string }>("SELECT email FROM users WHERE is_admin = 1");
        expect(admins, `attempt ${attempt}`).toHaveLength(1);
        expect(await fresh.all("SELECT id FROM users")).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        for (const o of outcomes) if (o.status === "rejected") expect((o.reason as Error).constructor.name).toBe("SignupClosedError");
      } finally {
        await fresh.close();
      }
    }
  }, 120_000);
});
