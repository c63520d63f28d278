// Document registry: at most one loaded copy of each document, shared by all its connections.
import * as Y from "yjs";
import { log } from "../http/logging.js";
import { GroupCommitter } from "./commit.js";
import { CollabDocument, type DocumentHooks } from "./document.js";
import type { CollabPersistence } from "../../app/storage/collab-store.server.js";
import type { DocumentStructure } from "./structure.js";
import type { InstanceLink } from "./instances.js";
import { validateStoredUpdate } from "./updates.js";

export class DocumentLoadError extends Error {}

interface Entry {
  id: string;
  /** Shared by every connection that arrives while the document loads. */
  loading: Promise<CollabDocument>;
  doc: CollabDocument | null;
  /** Acquisitions not yet released: open connections plus upgrades being accepted. */
  refs: number;
  idleTimer: NodeJS.Timeout | null;
  /** Set while the document is being compacted and dropped; a new acquire waits for it. */
  unloading: Promise<void> | null;
  compacting: boolean;
}

export interface RegistryOptions {
  persistence: CollabPersistence;
  /** Unload a document this long after its last connection left. */
  idleUnloadMs: number;
  /** Compact once this many updates were stored since the last snapshot. */
  compactEvery: number;
  /** The document schema's guard and compaction rule (none: any structure). */
  structure?: DocumentStructure;
}

export class DocumentRegistry {
  private entries = new Map<string, Entry>();
  readonly committer: GroupCommitter;
  /** Loads that reached storage (tests assert a refused upgrade did not add one). */
  loads = 0;
  /** Repairs from storage that found something this instance's copy lacked (several instances). */
  repairs = 0;
  private readonly hooks: DocumentHooks;
  /** Set when other instances serve the same documents (instances.ts). */
  link: InstanceLink | null = null;
  private readonly repairing = new Set<CollabDocument>();

  constructor(private readonly options: RegistryOptions) {
    this.committer = new GroupCommitter(options.persistence);
    this.hooks = {
      scheduleCommit: (doc) => this.committer.schedule(doc),
      committed: (doc) => {
        if (doc.seq - doc.snapshotSeq >= this.options.compactEvery) void this.compact(doc);
      },
      failed: (doc) => this.drop(doc.id, doc),
      durable: (doc, first, last, update) => this.link?.durable(doc, first, last, update),
      gap: (doc) => this.link?.gap(doc),
      awareness: (doc, update) => this.link?.awareness(doc, update),
    };
  }

  /** Loads (or joins the load of) a document and holds it until release(). */
  async acquire(id: string): Promise<CollabDocument> {
    let entry = this.entries.get(id);
    while (entry?.unloading) {
      await entry.unloading;
      entry = this.entries.get(id);
    }
    if (!entry) {
      const created: Entry = {
        id,
        loading: null as unknown as Promise<CollabDocument>,
        doc: null,
        refs: 0,
        idleTimer: null,
        unloading: null,
        compacting: false,
      };
      created.loading = this.load(id).then(
        (doc) => {
          created.doc = doc;
          return doc;
        },
        (error: Error) => {
          // Forget the failed attempt (a later connection retries reading storage) and never put an
          // empty document in its place.
          if (this.entries.get(id) === created) this.entries.delete(id);
          throw error;
        },
      );
      this.entries.set(id, created);
      entry = created;
    }
    entry.refs++;
    if (entry.idleTimer) {
      clearTimeout(entry.idleTimer);
      entry.idleTimer = null;
    }
    try {
      return await entry.loading;
    } catch (error) {
      entry.refs--;
      throw error;
    }
  }

  release(doc: CollabDocument): void {
    const entry = this.entries.get(doc.id);
    if (!entry || entry.doc !== doc) return;
    entry.refs--;
    if (entry.refs > 0 || entry.idleTimer) return;
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = null;
      if (entry.refs === 0) void this.unload(entry);
    }, this.options.idleUnloadMs);
    entry.idleTimer.unref();
  }

  private async load(id: string): Promise<CollabDocument> {
    this.loads++;
    const started = performance.now();
    const stored = await this.options.persistence.load(id);
    const doc = new CollabDocument(id, stored.seq, stored.snapshotSeq, this.hooks);
    try {
      if (stored.updates.length === 1) {
        // One stored row (a snapshot, a template's seed): checked as strictly as the log below, but
        // not integrated. The document serves it as it is and builds its Y.Doc only when something
        // needs one (document.ts, ADR 033): a reader never pays for it.
        doc.adoptStored(stored.updates[0]!, validateStoredUpdate(stored.updates[0]!));
      } else {
        for (const update of stored.updates) {
          // decodeUpdate is strict where applyUpdate may silently skip garbage.
          Y.decodeUpdate(update);
          doc.applyStored(update);
        }
        // Stored updates are validated before they are written, so state that does not integrate
        // means the log is damaged: serving it would hide the damage and compaction would bake it in.
        if (doc.ydoc.store.pendingStructs || doc.ydoc.store.pendingDs) {
          throw new Error("stored updates do not integrate (missing dependencies)");
        }
      }
      // Made after the stored state is in: the guard copies the document when it first needs to.
      if (this.options.structure) doc.attachStructure(this.options.structure);
    } catch (error) {
      doc.destroy();
      log("error", "collab document failed to load", { document: id, error: (error as Error).message });
      throw new DocumentLoadError(`document ${id} failed to load: ${(error as Error).message}`);
    }
    log("info", "collab document loaded", {
      document: id,
      updates: stored.updates.length,
      ms: Math.round(performance.now() - started),
    });
    return doc;
  }

  /** Folds the update log into a snapshot, at a moment when memory equals what is durable. */
  async compact(doc: CollabDocument): Promise<void> {
    const entry = this.entries.get(doc.id);
    if (!entry || entry.doc !== doc || entry.compacting || doc.destroyed) return;
    entry.compacting = true;
    try {
      await new Promise<void>((resolve) => doc.whenDurable(resolve));
      if (doc.destroyed || doc.seq === doc.snapshotSeq) return;
      // With a hole in the seqs (several instances), the copy holds rows above `seq` that the
      // snapshot would fold without deleting them: wait until the hole is repaired, so a snapshot
      // always holds exactly the rows it replaces.
      if (doc.hasGap) return;
      // `doc.ydoc` builds a document still served from its stored row (a template's seed in the
      // log, never read by a writer): its snapshot must hold that row, never an empty state.
      const ydoc = doc.ydoc;
      if (this.options.structure && !this.options.structure.compactable(ydoc)) {
        log("warn", "collab compaction skipped: the text does not read cleanly", { document: doc.id });
        return;
      }
      const uptoSeq = doc.seq;
      const snapshot = Y.encodeStateAsUpdate(ydoc);
      await this.options.persistence.compact(doc.id, snapshot, uptoSeq);
      doc.snapshotSeq = Math.max(doc.snapshotSeq, uptoSeq);
    } catch (error) {
      // The log is still complete; compaction is retried at the next threshold or unload.
      log("error", "collab compaction failed", { document: doc.id, error: (error as Error).message });
    } finally {
      entry.compacting = false;
    }
  }

  private unload(entry: Entry): Promise<void> {
    const doc = entry.doc;
    if (!doc || entry.unloading) return entry.unloading ?? Promise.resolve();
    entry.unloading = (async () => {
      await this.committer.flush();
      await this.compact(doc);
      doc.destroy();
      if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id);
      log("info", "collab document unloaded", { document: entry.id });
    })();
    return entry.unloading;
  }

  /** Drops a document without compacting (its memory no longer matches storage). */
  private drop(id: string, doc: CollabDocument): void {
    const entry = this.entries.get(id);
    if (entry?.doc === doc) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      this.entries.delete(id);
    }
    doc.destroy();
  }

  /**
   * Runs `fn` on this instance's copy of a document: now if it is loaded, once its load completes
   * if it is loading (the load may predate what `fn` applies), not at all otherwise (a later load
   * reads it from storage).
   */
  whenLoaded(id: string, fn: (doc: CollabDocument) => void): void {
    const entry = this.entries.get(id);
    if (!entry || entry.unloading) return;
    if (entry.doc) {
      if (!entry.doc.destroyed) fn(entry.doc);
      return;
    }
    entry.loading.then(
      (doc) => {
        if (!doc.destroyed) fn(doc);
      },
      () => {},
    );
  }

  /** The loaded copy of a document, if any. */
  loaded(id: string): CollabDocument | null {
    const doc = this.entries.get(id)?.doc;
    return doc && !doc.destroyed ? doc : null;
  }

  loadedDocuments(): CollabDocument[] {
    return [...this.entries.values()].flatMap((e) => (e.doc && !e.doc.destroyed && !e.unloading ? [e.doc] : []));
  }

  /**
   * Reads from storage what this copy lacks (every stored update after its contiguous seq) and
   * integrates it. Resolves true when it found something. One repair per document at a time.
   */
  async repair(doc: CollabDocument): Promise<boolean> {
    if (this.repairing.has(doc) || doc.destroyed) return false;
    this.repairing.add(doc);
    try {
      const stored = await this.options.persistence.load(doc.id, doc.seq);
      if (doc.destroyed || stored.seq <= doc.seq) return false;
      doc.applyRepair(stored);
      this.repairs++;
      return true;
    } catch (error) {
      log("error", "collab repair from storage failed", { document: doc.id, error: (error as Error).message });
      return false;
    } finally {
      this.repairing.delete(doc);
    }
  }

  /**
   * Repairs every loaded copy that storage is ahead of: one query for all their heads when the
   * storage can answer it, otherwise a read after each copy's seq.
   */
  async repairBehind(): Promise<void> {
    const docs = this.loadedDocuments();
    if (!docs.length) return;
    let behind = docs;
    if (this.options.persistence.heads) {
      try {
        const heads = await this.options.persistence.heads(docs.map((d) => d.id));
        behind = docs.filter((d) => (heads.get(d.id) ?? 0) > d.seq);
      } catch (error) {
        log("error", "collab heads from storage failed", { error: (error as Error).message });
        return;
      }
    }
    await Promise.all(behind.map((doc) => this.repair(doc)));
  }

  isLoaded(id: string): boolean {
    return this.entries.get(id)?.doc != null;
  }

  loadedIds(): string[] {
    return [...this.entries.values()].filter((e) => e.doc).map((e) => e.id);
  }

  /** Flushes, compacts and unloads everything (shutdown). */
  async closeAll(): Promise<void> {
    await this.committer.flush();
    const entries = [...this.entries.values()];
    for (const entry of entries) if (entry.idleTimer) clearTimeout(entry.idleTimer);
    await Promise.allSettled(entries.map((entry) => entry.loading.then(() => this.unload(entry))));
  }
}
