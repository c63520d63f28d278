// The sign-off integrity on PostgreSQL under concurrency, at the storage boundary: a writer whose
// updates reach storage directly (another instance, a client the live freeze did not reach) races
// the opening of a round, over and over. On PostgreSQL each statement of a transaction sees its own
// snapshot, so "hash the stored text, then lock it" is only safe if the document's row is held from
// the start (lockStoredText): an append then either committed before the hash or is refused by the
// lock trigger after it. The frozen version must always be exactly the stored text.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { canonicalVersionOf } from "../../app/core/canonical.js";
import type { UserRef } from "../../app/domain/access.server.js";
import type { Services } from "../../app/domain/context.server.js";
import { createDocument, setDocumentVisibility } from "../../app/domain/documents.server.js";
import { acceptInvitation, createInvitation } from "../../app/domain/invitations.server.js";
import { createProcess } from "../../app/domain/processes.server.js";
import { openRound } from "../../app/domain/signoff.server.js";
import { readStoredState, type CollabPersistence } from "../../app/storage/collab-store.server.js";
import { createDocumentPersistence } from "../../server/collab-access.js";
import { migratePostgres } from "../../app/storage/migrate-postgres.server.js";
import { openPostgres } from "../../app/storage/postgres.server.js";
import { QueryLayer } from "../../app/storage/sql.server.js";
import { domainServices, testAccount } from "../support/domain.js";
import { describePostgres, startPostgres, type TestPostgres } from "../support/postgres.js";

describePostgres("sign-off and edits racing on PostgreSQL", () => {
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
});
