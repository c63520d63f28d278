// Group commit: every document that received updates during one event-loop turn is flushed in ONE
// storage transaction on setImmediate. With synchronous=FULL that is one fsync per tick, not per
// keystroke, and still nothing is broadcast before it is on disk.
import type { CollabDocument, CommitBatch } from "./document.js";
import type { CollabPersistence } from "../../app/storage/collab-store.server.js";

export class GroupCommitter {
  private dirty = new Set<CollabDocument>();
  private scheduled = false;
  /** Flushes are serialized so that rows reach storage in seq order even with an async adapter. */
  private chain: Promise<void> = Promise.resolve();
  /** Number of transactions committed (stats, tests). */
  commits = 0;

  constructor(private readonly persistence: CollabPersistence) {}

  schedule(doc: CollabDocument): void {
    this.dirty.add(doc);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Flushes what is dirty now; resolves when that (and every earlier flush) is done. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.flushNow());
    return this.chain;
  }

  private async flushNow(): Promise<void> {
    const docs = [...this.dirty];
    this.dirty.clear();
    const batches: [CollabDocument, CommitBatch][] = [];
    for (const doc of docs) {
      const batch = doc.takeBatch();
      if (batch) batches.push([doc, batch]);
    }
    if (!batches.length) return;
    let seqs: number[];
    try {
      seqs = await this.persistence.append(batches.flatMap(([, batch]) => batch.rows));
      this.commits++;
    } catch (error) {
      // One document refused (frozen by another instance a moment ago, say) must not take the
      // others down with it: with several documents, each is retried in a transaction of its own.
      if (batches.length === 1) {
        batches[0]![0].commitFailed(batches[0]![1], error as Error);
        return;
      }
      await Promise.all(batches.map(([doc, batch]) => this.commitAlone(doc, batch)));
      return;
    }
    let at = 0;
    for (const [doc, batch] of batches) {
      doc.commitSucceeded(batch, seqs[at] ?? 0);
      at += batch.rows.length;
    }
  }

  private async commitAlone(doc: CollabDocument, batch: CommitBatch): Promise<void> {
    try {
      const seqs = await this.persistence.append(batch.rows);
      this.commits++;
      doc.commitSucceeded(batch, seqs[0] ?? 0);
    } catch (error) {
      doc.commitFailed(batch, error as Error);
    }
  }
}
