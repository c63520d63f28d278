// The collab tables on PostgreSQL (migrations/postgres/0003_collab.sql): the same CollabPersistence
// seam as the SQLite adapter in collab-store.server.ts, so the collab server runs unchanged on
// either engine (docs/decisions/036-storage-boundary.md). A promise from `append` resolves only
// after COMMIT has returned, which is what persist-before-broadcast relies on.
// Each row's seq is allocated here, in the append transaction, under a per-document advisory
// lock: several instances appending to one document get one gapless sequence.
// The domain's readers (the hash a sign-off recomputes, a restore's log) are in collab-store.server.ts,
// written once on the query layer for both engines.
import type pg from "pg";
import type { CollabPersistence, StoredState, UpdateRow } from "./collab-store.server.js";

export interface PostgresPersistenceOptions {
  /**
   * Runs inside the append transaction, after the rows (e.g. "last edited by/at" on the documents
   * table), so the metadata commits with the updates.
   */
  onAppend?(client: pg.PoolClient, rows: UpdateRow[]): Promise<void>;
}

/** Runs `work` in one transaction on one pooled connection; rolls back on any error. */
async function inTransaction<T>(pool: pg.Pool, begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Each document's head: one past both its last logged row and what its snapshot folded, minus one. */
async function readHeads(client: pg.PoolClient | pg.Pool, documentIds: string[]): Promise<Map<string, number>> {
  const heads = await client.query<{ d: string; head: string }>(
    `SELECT d, GREATEST(COALESCE((SELECT MAX(seq) FROM collab_updates WHERE document_id = d), 0),
                        COALESCE((SELECT upto_seq FROM collab_snapshots WHERE document_id = d), 0)) AS head
     FROM unnest($1::text[]) AS t(d)`,
    [documentIds],
  );
  return new Map(heads.rows.map((r) => [r.d, Number(r.head)]));
}

export function createPostgresPersistence(pool: pg.Pool, options: PostgresPersistenceOptions = {}): CollabPersistence {
  return {
    async load(documentId, afterSeq = 0): Promise<StoredState> {
      // One snapshot of the database for both reads: a compaction committing between them would
      // otherwise delete rows this read has not fetched yet, or fold rows it already has.
      return inTransaction(pool, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", async (client) => {
        const snapshot = await client.query<{ state_blob: Buffer; upto_seq: string }>(
          "SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = $1",
          [documentId],
        );
        const snapshotSeq = snapshot.rows[0] ? Number(snapshot.rows[0].upto_seq) : 0;
        // A holder of everything up to afterSeq needs the snapshot only if it folded rows after that.
        const from = Math.max(snapshotSeq, afterSeq);
        const rows = await client.query<{ seq: string; update_blob: Buffer }>(
          "SELECT seq, update_blob FROM collab_updates WHERE document_id = $1 AND seq > $2 ORDER BY seq",
          [documentId, from],
        );
        const updates = snapshot.rows[0] && snapshotSeq > afterSeq ? [new Uint8Array(snapshot.rows[0].state_blob)] : [];
        let seq = from;
        for (const row of rows.rows) {
          updates.push(new Uint8Array(row.update_blob));
          seq = Number(row.seq);
        }
        return { updates, seq, snapshotSeq };
      });
    },

    async append(rows) {
      if (!rows.length) return [];
      const now = Date.now();
      const documentIds = [...new Set(rows.map((r) => r.documentId))].sort();
      return inTransaction(pool, "BEGIN", async (client) => {
        // One lock per document, always taken in id order (no deadlock between two batches), held
        // to COMMIT: no other instance reads this document's head until these rows are visible.
        for (const id of documentIds) await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [id]);
        // Read after the locks, so under READ COMMITTED it sees every committed row.
        const next = await readHeads(client, documentIds);
        const seqs = rows.map((r) => {
          const seq = next.get(r.documentId)! + 1;
          next.set(r.documentId, seq);
          return seq;
        });
        // One statement for the whole batch (group commit): arrays unnested into rows, in order.
        await client.query(
          `INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at)
           SELECT d, s, u, w, $5 FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::text[]) AS t(d, s, u, w)`,
          [rows.map((r) => r.documentId), seqs, rows.map((r) => Buffer.from(r.update)), rows.map((r) => r.userId), now],
        );
        await options.onAppend?.(client, rows);
        return seqs;
      });
    },

    async heads(documentIds) {
      return documentIds.length ? readHeads(pool, documentIds) : new Map();
    },

    async compact(documentId, snapshot, uptoSeq) {
      await inTransaction(pool, "BEGIN", async (client) => {
        // Never replaces a newer snapshot by an older one (two compactions finishing out of order).
        await client.query(
          `INSERT INTO collab_snapshots (document_id, state_blob, upto_seq, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (document_id) DO UPDATE SET state_blob = excluded.state_blob, upto_seq = excluded.upto_seq, updated_at = excluded.updated_at
           WHERE excluded.upto_seq >= collab_snapshots.upto_seq`,
          [documentId, Buffer.from(snapshot), uptoSeq, Date.now()],
        );
        await client.query("DELETE FROM collab_updates WHERE document_id = $1 AND seq <= $2", [documentId, uptoSeq]);
      });
    },
  };
}
