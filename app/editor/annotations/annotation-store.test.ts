import { describe, expect, it, vi } from "vitest";
import type { ThreadView } from "../../core/annotations/types.js";
import {
  AnnotationStore,
  DEFAULT_FILTER,
  filterCounts,
  matchesFilter,
  namedActors,
  openCountsByItem,
  orderEntries,
  type ThreadEntry,
} from "./annotation-store.js";

function thread(id: string, patch: Partial<ThreadView> = {}): ThreadView {
  return {
    id,
    documentId: "d1",
    type: "legitimacy",
    visibility: "team",
    status: "open",
    anchor: { kind: "range", start: "AA==", end: "AA==", quote: `quote ${id}`, prefix: "", suffix: "" },
    detached: false,
    createdBy: { id: "u1", name: "Awa" },
    createdAt: 1000,
    resolvedBy: null,
    resolvedAt: null,
    messages: [{ id: `${id}-m1`, authorId: "u1", authorName: "Awa", body: "Qui a désigné ce comité ?", createdAt: 1000, editedAt: null, mayEdit: true }],
    actorIds: [],
    may: { reply: true, resolve: true, linkActors: true },
    ...patch,
  };
}

const data = (threads: ThreadView[] = []) => ({ threads, actors: [], mayCreate: ["team", "shared"] as ("team" | "shared")[], userId: "u1", asOf: 1 });
const ids = (store: AnnotationStore) =>
  store
    .getSnapshot()
    .threads.map((t) => t.id)
    .sort();

describe("AnnotationStore", () => {
  it("starts from the page data and follows the socket's frames", () => {
    const store = new AnnotationStore(data([thread("a")]));
    const listener = vi.fn();
    store.subscribe(listener);
    store.applyFrame({ op: "upsert", thread: thread("b") });
    expect(ids(store)).toEqual(["a", "b"]);
    store.applyFrame({ op: "upsert", thread: thread("b", { status: "resolved" }) });
    expect(store.get("b")?.status).toBe("resolved");
    store.applyFrame({ op: "remove", id: "a" });
    expect(ids(store)).toEqual(["b"]);
    store.applyFrame({ op: "all", threads: [thread("c")] });
    expect(ids(store)).toEqual(["c"]);
    expect(listener).toHaveBeenCalledTimes(4);
    // Removing what it does not hold changes nothing (and tells nobody).
    store.applyFrame({ op: "remove", id: "zz" });
    expect(listener).toHaveBeenCalledTimes(4);
  });

  it("keeps one snapshot object between changes (useSyncExternalStore)", () => {
    const store = new AnnotationStore(data([thread("a")]));
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    store.applyFrame({ op: "upsert", thread: thread("a") });
    expect(store.getSnapshot()).not.toBe(first);
  });

  it("ignores a frame with a thread it cannot show", () => {
    const store = new AnnotationStore(data());
    store.applyFrame({ op: "upsert", thread: { ...thread("a"), type: "gossip" } as unknown as ThreadView });
    store.applyFrame({ op: "all", threads: [thread("b"), { id: "c" } as ThreadView] });
    expect(ids(store)).toEqual(["b"]);
  });

  it("applies an answer at once, and the frame that follows is idempotent", () => {
    const store = new AnnotationStore(data());
    const token = store.beginRequest(null);
    store.applyAnswer(token, thread("n"));
    expect(ids(store)).toEqual(["n"]);
    store.applyFrame({ op: "upsert", thread: thread("n") });
    expect(ids(store)).toEqual(["n"]);
  });

  it("never lets a slow answer undo a newer frame, nor bring back a removed thread", () => {
    const store = new AnnotationStore(data([thread("a")]));
    const reply = store.beginRequest("a");
    // Someone resolved it meanwhile; the socket said so before the answer arrived.
    store.applyFrame({ op: "upsert", thread: thread("a", { status: "resolved" }) });
    store.applyAnswer(reply, thread("a", { status: "open" }));
    expect(store.get("a")?.status).toBe("resolved");

    const created = store.beginRequest(null);
    store.applyFrame({ op: "upsert", thread: thread("n", { status: "resolved" }) });
    store.applyAnswer(created, thread("n"));
    expect(store.get("n")?.status).toBe("resolved");

    const edit = store.beginRequest("n");
    store.applyFrame({ op: "remove", id: "n" });
    store.applyAnswer(edit, thread("n"));
    expect(store.get("n")).toBeUndefined();

    const late = store.beginRequest("a");
    store.applyFrame({ op: "all", threads: [] });
    store.applyAnswer(late, thread("a"));
    expect(ids(store)).toEqual([]);
  });

  it("removes a thread when the answer says it is gone (its only message deleted)", () => {
    const store = new AnnotationStore(data([thread("a")]));
    store.applyAnswer(store.beginRequest("a"), null);
    expect(ids(store)).toEqual([]);
  });

  it("takes newer page data until the socket has spoken; what the reader may create always", () => {
    const store = new AnnotationStore(data([thread("a")]));
    // The socket says nothing at connect when nothing changed since the page read its list.
    store.setPageData(data([thread("a"), thread("b")]));
    expect(ids(store)).toEqual(["a", "b"]);
    // Once a frame came, the socket is newer than any page load still in flight.
    store.applyFrame({ op: "upsert", thread: thread("c") });
    store.setPageData({ threads: [thread("old")], actors: [], mayCreate: [], userId: "u1", asOf: 2 });
    expect(ids(store)).toEqual(["a", "b", "c"]);
    expect(store.getSnapshot().mayCreate).toEqual([]);
  });
});

const at = (t: ThreadView, from: number | null, state: "anchored" | "detached" = "anchored", itemId: string | null = null): ThreadEntry => ({
  thread: t,
  placement: from === null ? null : { state, from, to: from + 3, text: "x", itemId },
});

describe("ordering, filters and counts", () => {
  it("orders threads by where they start in the text, detached ones last (oldest first)", () => {
    const entries = [
      at(thread("late", { createdAt: 5 }), 40),
      at(thread("gone-new", { createdAt: 9 }), 0, "detached"),
      at(thread("early", { createdAt: 7 }), 3),
      at(thread("gone-old", { createdAt: 2 }), 0, "detached"),
      at(thread("same-start-older", { createdAt: 1 }), 3),
    ];
    expect(orderEntries(entries).map((e) => e.thread.id)).toEqual(["same-start-older", "early", "late", "gone-old", "gone-new"]);
  });

  it("before the editor resolves anything, the server's detached flag places a thread", () => {
    const entries = [at(thread("d", { detached: true, createdAt: 1 }), null), at(thread("k", { createdAt: 2 }), null)];
    expect(orderEntries(entries).map((e) => e.thread.id)).toEqual(["k", "d"]);
  });

  it("filters by type, visibility and status, and counts each choice with the other filters applied", () => {
    const threads = [thread("a"), thread("b", { type: "gender", visibility: "shared" }), thread("c", { type: "gender", status: "resolved" })];
    expect(threads.filter((t) => matchesFilter(t, DEFAULT_FILTER)).map((t) => t.id)).toEqual(["a", "b"]);
    const counts = filterCounts(threads, { type: "gender", visibility: "all", status: "open" });
    expect(counts.type).toMatchObject({ all: 2, gender: 1, legitimacy: 1, evidence: 0 });
    expect(counts.status).toEqual({ all: 2, open: 1, resolved: 1 });
    expect(counts.visibility).toEqual({ all: 1, team: 0, shared: 1 });
  });

  it("counts open threads per item and in all, by type", () => {
    const { total, byItem } = openCountsByItem([
      at(thread("a"), 3, "anchored", "item-1"),
      at(thread("b", { type: "gender" }), 9, "anchored", "item-1"),
      at(thread("c", { status: "resolved" }), 9, "anchored", "item-1"),
      at(thread("d"), 30, "anchored", "item-2"),
      at(thread("e", { type: "evidence" }), 0, "detached", null),
    ]);
    expect(total).toEqual({ legitimacy: 2, gender: 1, evidence: 1 });
    expect(byItem.get("item-1")).toEqual({ legitimacy: 1, gender: 1 });
    expect(byItem.get("item-2")).toEqual({ legitimacy: 1 });
  });
});

describe("the stakeholder map's actors in the store", () => {
  const ACTORS = [
    { id: "a-chef", name: "Chefferie de Ber" },
    { id: "a-garde", name: "Garde du marché" },
  ];

  it("come with the team's page data and follow newer page data even once the socket has spoken (it never sends the map)", () => {
    const store = new AnnotationStore({ ...data([thread("a")]), actors: ACTORS });
    expect(store.getSnapshot().actors).toEqual(ACTORS);
    store.applyFrame({ op: "upsert", thread: thread("b", { actorIds: ["a-chef"] }) });
    const listener = vi.fn();
    store.subscribe(listener);
    const renamed = [{ id: "a-chef", name: "Chefferie de Ber (canton)" }, ...ACTORS.slice(1)];
    store.setPageData({ ...data([thread("old")]), actors: renamed });
    expect(store.getSnapshot().actors).toEqual(renamed);
    expect(ids(store)).toEqual(["a", "b"]);
    expect(listener).toHaveBeenCalledTimes(1);
    // The same list again (another revalidation) tells nobody.
    store.setPageData({ ...data([]), actors: renamed.map((a) => ({ ...a })) });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("are none for a reader outside the team", () => {
    expect(new AnnotationStore(data([thread("a")])).getSnapshot().actors).toEqual([]);
  });

  it("name a thread's actors in the map's order, leaving out an id the page does not know yet", () => {
    expect(namedActors(thread("a", { actorIds: ["a-garde", "a-new", "a-chef"] }), ACTORS).map((a) => a.name)).toEqual(["Chefferie de Ber", "Garde du marché"]);
    expect(namedActors(thread("a"), ACTORS)).toEqual([]);
    // A frame from a server that sent no list at all shows none.
    expect(namedActors({ ...thread("a"), actorIds: undefined } as unknown as ThreadView, ACTORS)).toEqual([]);
  });

  it("filter and count threads by actor, the other filters applied", () => {
    const threads = [
      thread("a", { actorIds: ["a-chef", "a-garde"] }),
      thread("b", { actorIds: ["a-chef"], status: "resolved" }),
      thread("c"),
      thread("d", { actorIds: ["a-garde"], type: "gender" }),
    ];
    const byChef = { ...DEFAULT_FILTER, status: "all" as const, actor: "a-chef" };
    expect(threads.filter((t) => matchesFilter(t, byChef)).map((t) => t.id)).toEqual(["a", "b"]);
    // No actor chosen (or an older filter without the field): every thread.
    expect(threads.filter((t) => matchesFilter(t, { type: "all", visibility: "all", status: "all" })).length).toBe(4);
    expect(filterCounts(threads, DEFAULT_FILTER).actor).toEqual({ all: 3, "a-chef": 1, "a-garde": 2 });
    expect(filterCounts(threads, byChef).type).toMatchObject({ all: 2, legitimacy: 2, gender: 0 });
  });
});
