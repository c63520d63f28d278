// The annotation threads one reader may see, outside React: seeded from the page data, then kept
// live by the collab socket's ANNOTATIONS frames ("all" at connect, then "upsert" / "remove") and,
// for the reader's own changes, by the endpoint's answer. The server decides what is in it: a
// thread this reader may not read never arrives, so nothing here filters by policy.
//
// Ordering: the socket is authoritative and ordered; an endpoint answer is only a shortcut for
// the author (the server pushes the same change as an upsert). An answer is applied only when no
// frame about that thread (and no "all") arrived since its request left, so a slow answer can never
// undo a newer frame, and a thread removed meanwhile is never brought back.
import type { AnnotationsFrame, AnnotationsPageData, AnnotationType, ThreadView, Visibility } from "../../core/annotations/types.js";
import { ANNOTATION_TYPES } from "../../core/annotations/types.js";

/** An actor of the stakeholder map, as the page names it. */
export type ActorOption = AnnotationsPageData["actors"][number];

export interface StoreSnapshot {
  /** Every thread this reader may read, in no particular order. */
  threads: readonly ThreadView[];
  mayCreate: readonly Visibility[];
  userId: string;
  /** The map's actors this reader may name on a thread (empty: not a reader of the map; nothing to show). */
  actors: readonly ActorOption[];
}

/** Taken when a request leaves; handed back with its answer. */
export interface RequestToken {
  threadId: string | null;
  frames: number;
  alls: number;
}

export class AnnotationStore {
  private threads = new Map<string, ThreadView>();
  private snapshot: StoreSnapshot;
  private listeners = new Set<() => void>();
  /** Frames seen per thread id (upsert or remove), to tell an answer it is stale. */
  private framesFor = new Map<string, number>();
  private alls = 0;
  /** A frame arrived: from then on the socket is newer than any page load. */
  private heard = false;
  private removed = new Set<string>();
  private mayCreate: readonly Visibility[];
  private userId: string;
  private actors: readonly ActorOption[];

  constructor(data: AnnotationsPageData) {
    for (const t of data.threads) this.threads.set(t.id, t);
    this.mayCreate = data.mayCreate;
    this.userId = data.userId;
    this.actors = data.actors ?? [];
    this.snapshot = this.build();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): StoreSnapshot => this.snapshot;

  get(id: string): ThreadView | undefined {
    return this.threads.get(id);
  }

  /**
   * Newer page data (a revalidation): what the reader may create and the map's actors follow at once; its threads only
   * until the socket has spoken. The socket may stay silent at connect (nothing changed since the
   * page read its list, `annotationsSince`); once it has sent anything, a page load still in flight
   * may be older than what it said, and a reconnection sends the whole list again if anything
   * changed since the first page load.
   */
  setPageData(data: AnnotationsPageData): void {
    let changed = false;
    if (!sameList(data.mayCreate, this.mayCreate) || data.userId !== this.userId) {
      this.mayCreate = data.mayCreate;
      this.userId = data.userId;
      changed = true;
    }
    // The socket sends threads, never the map: the page's list of actors is always the newest one.
    const actors = data.actors ?? [];
    if (!sameActors(actors, this.actors)) {
      this.actors = actors;
      changed = true;
    }
    if (!this.heard) {
      this.threads = new Map(data.threads.map((t) => [t.id, t]));
      changed = true;
    }
    if (changed) this.emit();
  }

  applyFrame(frame: AnnotationsFrame): void {
    this.heard = true;
    if (frame.op === "all") {
      this.alls += 1;
      this.threads = new Map(frame.threads.filter(isThread).map((t) => [t.id, t]));
      this.removed.clear();
    } else if (frame.op === "upsert") {
      if (!isThread(frame.thread)) return;
      this.touch(frame.thread.id);
      this.removed.delete(frame.thread.id);
      this.threads.set(frame.thread.id, frame.thread);
    } else {
      this.touch(frame.id);
      this.removed.add(frame.id);
      if (!this.threads.delete(frame.id)) return;
    }
    this.emit();
  }

  /** Before a request: what the store has seen of this thread (null: a thread being created). */
  beginRequest(threadId: string | null): RequestToken {
    return { threadId, frames: threadId ? (this.framesFor.get(threadId) ?? 0) : 0, alls: this.alls };
  }

  /**
   * The endpoint's answer for a request: the thread as it now stands (null: it no longer exists,
   * e.g. its only message was deleted). Ignored when the socket already said something newer.
   */
  applyAnswer(token: RequestToken, thread: ThreadView | null): void {
    if (token.alls !== this.alls) return;
    const id = thread?.id ?? token.threadId;
    if (!id || this.removed.has(id)) return;
    if (token.threadId === null ? this.threads.has(id) || this.framesFor.has(id) : (this.framesFor.get(id) ?? 0) !== token.frames) return;
    if (thread) {
      if (!isThread(thread)) return;
      this.threads.set(id, thread);
    } else if (!this.threads.delete(id)) return;
    this.emit();
  }

  private touch(id: string): void {
    this.framesFor.set(id, (this.framesFor.get(id) ?? 0) + 1);
  }

  private build(): StoreSnapshot {
    return { threads: [...this.threads.values()], mayCreate: this.mayCreate, userId: this.userId, actors: this.actors };
  }

  private emit(): void {
    this.snapshot = this.build();
    for (const listener of this.listeners) listener();
  }
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameActors(a: readonly ActorOption[], b: readonly ActorOption[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i]!.id && x.name === b[i]!.name);
}

/** A frame comes from the server, but a thread the view cannot show must not break the page. */
function isThread(t: unknown): t is ThreadView {
  if (!t || typeof t !== "object") return false;
  const r = t as Partial<ThreadView>;
  return typeof r.id === "string" && !!r.anchor && Array.isArray(r.messages) && !!r.may && (ANNOTATION_TYPES as readonly string[]).includes(r.type as string);
}

// ---------------------------------------------------------------- ordering, filters, counts

/** Where a thread points now in the bound editor (null: not resolved yet, e.g. before the editor binds). */
export interface Placement {
  state: "anchored" | "detached";
  from: number;
  to: number;
  /** The text it points at now (the quote when detached). */
  text: string;
  /** The item holding it (an item anchor's own item), for the outline's counts. */
  itemId: string | null;
}

export interface ThreadEntry {
  thread: ThreadView;
  placement: Placement | null;
}

export function isDetached(entry: ThreadEntry): boolean {
  return entry.placement ? entry.placement.state === "detached" : entry.thread.detached;
}

/** Text order (by where each thread starts now); detached threads at the end, oldest first. */
export function orderEntries(entries: readonly ThreadEntry[]): ThreadEntry[] {
  const group = (e: ThreadEntry) => (isDetached(e) ? 1 : 0);
  // Not resolved yet (the server's render): oldest first, as there is no position to go by.
  const from = (e: ThreadEntry) => (e.placement && !isDetached(e) ? e.placement.from : 0);
  const to = (e: ThreadEntry) => (e.placement && !isDetached(e) ? e.placement.to : 0);
  return [...entries].sort(
    (a, b) => group(a) - group(b) || from(a) - from(b) || to(a) - to(b) || a.thread.createdAt - b.thread.createdAt || a.thread.id.localeCompare(b.thread.id),
  );
}

export interface ThreadFilter {
  type: AnnotationType | "all";
  visibility: Visibility | "all";
  status: "open" | "resolved" | "all";
  /** An actor of the stakeholder map the thread names (its id); "all" or absent: any. */
  actor?: string;
}

export const DEFAULT_FILTER: ThreadFilter = { type: "all", visibility: "all", status: "open", actor: "all" };

/** The actors a thread names (ids; never absent, even in a frame from an older server). */
export function actorIdsOf(thread: ThreadView): readonly string[] {
  return Array.isArray(thread.actorIds) ? thread.actorIds : [];
}

/** Whether a thread is shown under one filter field's value ("all" or none: any). */
function fieldMatches(thread: ThreadView, field: keyof ThreadFilter, value: string | undefined): boolean {
  if (value === undefined || value === "all") return true;
  return field === "actor" ? actorIdsOf(thread).includes(value) : thread[field] === value;
}

const FILTER_FIELDS = ["type", "visibility", "status", "actor"] as const satisfies readonly (keyof ThreadFilter)[];

export function matchesFilter(thread: ThreadView, filter: ThreadFilter, ignore?: keyof ThreadFilter): boolean {
  return FILTER_FIELDS.every((field) => ignore === field || fieldMatches(thread, field, filter[field]));
}

/**
 * How many threads each filter choice would show, the other filters applied (for the options' counts).
 * `actor` counts, by id, the actors some thread names, and "all".
 */
export function filterCounts(threads: readonly ThreadView[], filter: ThreadFilter) {
  const count = (field: keyof ThreadFilter, value: string) => threads.filter((t) => matchesFilter(t, filter, field) && fieldMatches(t, field, value)).length;
  const named = new Set(threads.flatMap((t) => actorIdsOf(t)));
  return {
    type: Object.fromEntries((["all", ...ANNOTATION_TYPES] as const).map((v) => [v, count("type", v)])) as Record<AnnotationType | "all", number>,
    visibility: { all: count("visibility", "all"), team: count("visibility", "team"), shared: count("visibility", "shared") },
    status: { all: count("status", "all"), open: count("status", "open"), resolved: count("status", "resolved") },
    actor: Object.fromEntries(["all", ...named].map((id) => [id, count("actor", id)])) as Record<string, number>,
  };
}

/**
 * The actors a thread names, with their names, in the map's order. An id the page does not know
 * (an actor added to the map since the page was read) is left out until the page data is newer.
 */
export function namedActors(thread: ThreadView, actors: readonly ActorOption[]): ActorOption[] {
  const ids = actorIdsOf(thread);
  return ids.length ? actors.filter((a) => ids.includes(a.id)) : [];
}

export type TypeCounts = Partial<Record<AnnotationType, number>>;

/** Open threads per item (by the item holding each one now) and in all, by type. */
export function openCountsByItem(entries: readonly ThreadEntry[]): { total: TypeCounts; byItem: Map<string, TypeCounts> } {
  const total: TypeCounts = {};
  const byItem = new Map<string, TypeCounts>();
  for (const { thread, placement } of entries) {
    if (thread.status !== "open") continue;
    total[thread.type] = (total[thread.type] ?? 0) + 1;
    const itemId = placement?.state === "anchored" ? placement.itemId : null;
    if (!itemId) continue;
    const counts = byItem.get(itemId) ?? {};
    counts[thread.type] = (counts[thread.type] ?? 0) + 1;
    byItem.set(itemId, counts);
  }
  return { total, byItem };
}

export function sumCounts(counts: TypeCounts): number {
  return Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
}
