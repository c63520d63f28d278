// One live editing session of one document in the browser, without React: the Y.Doc, its device
// copy (y-indexeddb), the y-websocket provider and the messages of our own (SAVED, ACCESS,
// CHANGED, REFUSED, ANNOTATIONS). The editor component renders what this reports; this decides
// what the editor is bound to.
//
// Lifecycle:
//   normal  — the device copy loads, then the provider connects; the editor binds once the device
//             has text (or the first sync arrives, the server is unreachable, or 10 s pass).
//   frozen  — a drafter's text was frozen for sign-off (the socket says why it is read-only). This
//             page must show EXACTLY the frozen text, whatever the device holds: the old provider is
//             dropped, a fresh Y.Doc syncs the server's (frozen) state, what the device had beyond
//             it is set aside as "not included" (held-back.ts), the device copy is replaced by the
//             frozen state, and the editor binds to the fresh document. Reopening makes the same
//             session editable again, live; the set-aside changes wait for an explicit re-insert.
// The editor never binds to a text the shared schema cannot represent (stored before the server
// checked structures): the binding would "repair" it by deleting what it cannot show.
import { IndexeddbPersistence } from "y-indexeddb";
import * as authProtocol from "y-protocols/auth";
import * as decoding from "lib0/decoding";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { canonicalJson, versionHashOf } from "../core/canonical.js";
import { ANNOTATIONS_SINCE_PARAM, type AnnotationsFrame } from "../core/annotations/types.js";
import { decodeAnnotations, decodeRefused, isLockReason, MESSAGE_ANNOTATIONS, MESSAGE_REFUSED, type ReadOnlyReason } from "../core/collab-wire.js";
import { DOCUMENT_FIELD } from "../core/document-field.js";
import { documentSchema } from "../core/schema/index.js";
import { checkUpdateStructure, readDocument, structureRules } from "../core/schema/structure.js";
import {
  classifyOutgoing,
  decodeAccessMessage,
  decodeSavedMessage,
  localDatabaseName,
  MESSAGE_ACCESS,
  MESSAGE_AUTH,
  MESSAGE_CHANGED,
  MESSAGE_SAVED,
  pendingStorageKey,
  type ContentMessage,
} from "./collab-protocol.js";
import type { ConnectionEvent } from "./connection-status.js";
import { changesBeyond, mergeHeldBack, readHeldBack, viewHeldBack, writeHeldBack, type HeldBackView } from "./held-back.js";
import { announceLiveEdit } from "./live-edits.js";

/** How long a first visit waits for the server's text before showing an editable (empty) copy. */
const FIRST_SYNC_WAIT_MS = 10_000;
/** How long the health check may take before the network counts as gone (a link that drops everything never answers). */
const REACHABILITY_TIMEOUT_MS = 5_000;
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;

export interface CollabSessionOptions {
  documentId: string;
  /** Collab endpoint base; the document id is appended. */
  wsUrl: string;
  /** The member drafts this document while it is open for drafting: their device may hold changes a frozen version lacks. */
  draftsWhenOpen: boolean;
  /** Why the page was rendered read-only (the socket then tells the live reason). */
  initialReason: ReadOnlyReason | null;
  /** The page says the stored text does not read cleanly: run, but do not bind the editor. */
  paused: boolean;
  /** When the page read its annotation threads: the socket sends its full list only if they changed since. */
  annotationsSince?: number;
}

export interface BoundSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The version hash of the text as received, when frozen (to compare with the round's). */
  frozenHash: string | null;
}

export interface CollabSessionEvents {
  connection(event: ConnectionEvent): void;
  /** Bind the editor to this document (null: unbind and show the readable placeholder). */
  bound(session: BoundSession | null): void;
  /** Why the connection reads only now (null: it may edit). */
  reason(reason: ReadOnlyReason | null): void;
  /** Something around the text changed (status, round, decision, restore): reload the page data. */
  changed(): void;
  /** Changes set aside by a freeze (null: none), and whether they can be re-inserted now. */
  heldBack(view: (HeldBackView & { canReinsert: boolean }) | null): void;
  /** The server refused one of this device's changes (its structure); nothing of it was stored. */
  refused(problem: { code: string; name: string }): void;
  /** The text received does not read cleanly: the editor stays unbound. */
  unreadable(): void;
  /** The annotation threads this member may read changed (all of them at connect, then one by one). */
  annotations?(frame: AnnotationsFrame): void;
}

/**
 * Resolves true once the device copy is loaded, false when this device cannot keep one (IndexedDB
 * disabled by policy, private mode in an old browser, a broken profile or a full disk). y-indexeddb
 * never settles `whenSynced` when its database fails to open; its `_db` open promise (not in its
 * typings) says so.
 */
function deviceCopyReady(persistence: IndexeddbPersistence): Promise<boolean> {
  const opening = (persistence as unknown as { _db?: Promise<unknown> })._db;
  const failed = opening
    ? opening.then(
        () => new Promise<boolean>(() => undefined),
        () => false,
      )
    : Promise.resolve(false);
  return Promise.race([persistence.whenSynced.then(() => true), failed]);
}

/** Empties a device copy's stored updates (y-indexeddb's "updates" store), through its open database. */
async function clearDeviceCopy(persistence: IndexeddbPersistence): Promise<void> {
  try {
    await persistence.whenSynced;
    // Its pending trim (a full-state write, debounced) must not land after the clear.
    const internals = persistence as unknown as { db: IDBDatabase | null; _storeTimeoutId: ReturnType<typeof setTimeout> | null };
    if (internals._storeTimeoutId) clearTimeout(internals._storeTimeoutId);
    internals._storeTimeoutId = null;
    const db = internals.db;
    if (!db) return;
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(["updates"], "readwrite");
      tx.objectStore("updates").clear();
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } catch {
    // no usable copy: nothing stale to bring back either
  }
}

function forgetPending(documentId: string): void {
  try {
    window.localStorage.removeItem(pendingStorageKey(documentId));
  } catch {
    // storage disabled
  }
}

const schema = documentSchema();
const rules = structureRules(schema);

export class CollabSession {
  private doc: Y.Doc;
  private provider: WebsocketProvider | null = null;
  private persistence: IndexeddbPersistence | null = null;
  private mode: "normal" | "freezing" | "frozen" = "normal";
  private access: "edit" | "read";
  private reason: ReadOnlyReason | null;
  private paused: boolean;
  private boundTo: Y.Doc | null = null;
  private destroyed = false;
  /** The server closed the connection for good, or refused a change: coming back online must not knock again. */
  private closedForGood = false;
  private stopWaiting: () => void = () => {};
  private localCopy = true;
  /** This device changed the text since the server last said it stored something of ours. */
  private ownUnsaved = false;

  constructor(
    private readonly options: CollabSessionOptions,
    private readonly events: CollabSessionEvents,
  ) {
    this.reason = options.initialReason;
    this.access = options.initialReason ? "read" : "edit";
    this.paused = options.paused;
    this.doc = new Y.Doc();
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    this.doc.on("update", this.onLocalUpdate);
    this.persistence = new IndexeddbPersistence(localDatabaseName(options.documentId), this.doc);
    void deviceCopyReady(this.persistence).then((available) => {
      if (this.destroyed) return;
      if (!available) {
        // Edit online all the same, and say that nothing is kept on this device.
        this.localCopy = false;
        this.events.connection({ type: "localCopy", available: false });
        this.persistence?.destroy().catch(() => undefined);
        this.persistence = null;
      }
      if (this.mustFreeze()) void this.freeze();
      else {
        this.connectNormal();
        this.publishHeldBack();
      }
    });
  }

  /** The page learned (from its data) whether the stored text reads cleanly. */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.unbind();
    else this.tryBind(this.doc);
  }

  /** Re-inserts the changes a freeze set aside, as the author's own new edit (explicit action). */
  reinsertHeldBack(): void {
    const held = readHeldBack(this.options.documentId);
    if (!held || this.access !== "edit") return;
    Y.applyUpdate(this.doc, held.update, "reinsert");
    writeHeldBack(this.options.documentId, null);
    this.publishHeldBack();
  }

  discardHeldBack(): void {
    writeHeldBack(this.options.documentId, null);
    this.publishHeldBack();
  }

  destroy(): void {
    this.destroyed = true;
    this.stopWaiting();
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    this.doc.off("update", this.onLocalUpdate);
    this.provider?.destroy();
    this.persistence?.destroy().catch(() => undefined);
    this.doc.destroy();
    this.events.bound(null);
  }

  // -------------------------------------------------------------------------------------------

  /** A drafter whose text is frozen for sign-off (not merely being frozen) shows the server's text only. */
  private mustFreeze(): boolean {
    return this.options.draftsWhenOpen && this.access === "read" && isLockReason(this.reason) && this.reason?.kind !== "freezing";
  }

  private readonly onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
    // Another member's change arriving live ("Last edited" follows); not the first sync's catch-up.
    if (origin === this.provider && this.provider?.synced) announceLiveEdit(this.options.documentId, "others");
    if (origin === this.provider || origin === this.persistence) return; // remote, or loaded from the device
    // While read-only the only local changes are the editor binding's own repairs (it drops an
    // empty list left by concurrent deletions): the server drops them, nobody waits for them.
    if (this.access === "read") return;
    this.ownUnsaved = true;
    this.events.connection({ type: "localChange" });
  };

  /**
   * The browser's `navigator.onLine` only knows whether there is a network interface: on a hotspot
   * with no uplink (or a link that drops everything) it stays true while nothing gets through.
   * When the socket fails, the server's health check is asked once: no answer within a few
   * seconds means the network is gone, and the page says so (offline, the text is this device's
   * copy) instead of "Connecting…" for ever. The socket keeps retrying; its next success (or the
   * browser's `online` event) says the network is back.
   */
  private unreachable = false;
  private probing = false;
  private probeReachability(): void {
    if (this.probing || this.unreachable || this.destroyed || !navigator.onLine) return;
    this.probing = true;
    // Both outcomes are handled: the chain cannot reject.
    void fetch("/healthz", { cache: "no-store", credentials: "omit", signal: AbortSignal.timeout(REACHABILITY_TIMEOUT_MS) })
      .then(
        () => false,
        () => true,
      )
      .then((gone) => {
        this.probing = false;
        if (!gone || this.destroyed || this.provider?.wsconnected) return;
        this.unreachable = true;
        this.events.connection({ type: "browserOnline", online: false });
      });
  }

  private reachable(): void {
    if (!this.unreachable) return;
    this.unreachable = false;
    this.events.connection({ type: "browserOnline", online: true });
  }

  private readonly onOnline = () => {
    this.unreachable = false;
    this.events.connection({ type: "browserOnline", online: true });
    if (!this.closedForGood) this.provider?.connect();
  };

  private readonly onOffline = () => {
    this.events.connection({ type: "browserOnline", online: false });
    // The browser knows the network is gone: stop retrying until it comes back (saves battery and
    // radio on a poor link); edits keep going to IndexedDB.
    this.provider?.disconnect();
  };

  private makeProvider(doc: Y.Doc): WebsocketProvider {
    const events = this.events;
    // A WebSocket that reports the content frames it sends; y-websocket accepts it as a polyfill.
    class CountingWebSocket extends WebSocket {
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
        const kind: ContentMessage | null = classifyOutgoing(data);
        super.send(data);
        if (kind) events.connection({ type: "messageSent", message: kind });
      }
    }
    const p = new WebsocketProvider(this.options.wsUrl, this.options.documentId, doc, {
      connect: false,
      WebSocketPolyfill: CountingWebSocket,
      // Tabs of one device sync through the server only: a stale tab must not slip its changes into
      // a frozen text, and only the server can say what is durable.
      disableBc: true,
      params: this.options.annotationsSince ? { [ANNOTATIONS_SINCE_PARAM]: String(this.options.annotationsSince) } : {},
    });
    const syncHandler = p.messageHandlers[MESSAGE_SYNC]!;
    p.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      this.checkIncoming(decoder, doc);
      syncHandler(encoder, decoder, provider, emitSynced, messageType);
    };
    p.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const count = decodeSavedMessage(decoder);
      if (count !== null) events.connection({ type: "durable", count });
      if (count && this.ownUnsaved) {
        this.ownUnsaved = false;
        announceLiveEdit(this.options.documentId, "self");
      }
    };
    // The server says what this connection may do now, and why (downgraded when a role drops or the
    // text is frozen for sign-off; upgraded when a round is reopened): the editor follows live.
    p.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
      const access = decodeAccessMessage(decoder);
      if (access && p === this.provider) this.onAccess(access.access, access.reason);
    };
    // Replaces y-websocket's handler, which only logs: a denial must switch the editor to read-only.
    p.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder, prov) => {
      authProtocol.readAuthMessage(decoder, prov.doc, () => events.connection({ type: "permissionDenied" }));
    };
    p.messageHandlers[MESSAGE_CHANGED] = () => {
      events.changed();
      // A facilitator's restore arrives as an update, then this: a text that did not read cleanly may now.
      if (p === this.provider && !this.boundTo) this.tryBind(this.doc);
    };
    p.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder) => {
      const problem = decodeRefused(decoder);
      this.closedForGood = true;
      p.shouldConnect = false;
      events.refused(problem ?? { code: "foreignContent", name: "" });
    };
    // Threads travel beside the text, never in it: the server sends each member only those they may read.
    p.messageHandlers[MESSAGE_ANNOTATIONS] = (_encoder, decoder) => {
      const frame = decodeAnnotations(decoder);
      if (frame && p === this.provider) events.annotations?.(frame);
    };
    p.on("status", ({ status }) => {
      if (p !== this.provider) return;
      if (status === "connected") this.reachable();
      events.connection({ type: "ws", status });
    });
    // Every failed attempt closes the socket (y-websocket reports "disconnected" only after a
    // connection that had opened): each one may mean the network is gone.
    p.on("connection-close", () => {
      if (p === this.provider) this.probeReachability();
    });
    let syncedBefore = false;
    p.on("sync", (synced: boolean) => {
      if (p !== this.provider) return;
      events.connection({ type: "synced", synced });
      // Back after a gap: whatever the page shows around the text may be stale.
      if (synced && syncedBefore) events.changed();
      // What was set aside is shown against the text as it now stands.
      if (synced && !syncedBefore && this.mode === "normal") this.publishHeldBack();
      if (synced) syncedBefore = true;
    });
    // A 44xx close is the server saying access is gone for good (y-websocket stops retrying).
    p.on("closed", () => {
      if (p !== this.provider) return;
      this.closedForGood = true;
      events.connection({ type: "permissionDenied" });
    });
    return p;
  }

  /**
   * Looks at the server's sync step 2 before y-websocket applies it: a structure the schema cannot
   * show unbinds the editor first, so its binding never sees it. Only stored state (written before
   * the server checked updates) can carry one, and stored state arrives in a step 2; live updates
   * were checked by the server, so they are not decoded twice here.
   */
  private checkIncoming(decoder: decoding.Decoder, doc: Y.Doc): void {
    const start = decoder.pos;
    try {
      if (decoding.readVarUint(decoder) !== SYNC_STEP_2) return;
      const update = decoding.readVarUint8Array(decoder);
      if (this.boundTo === doc && checkUpdateStructure(doc, Y.decodeUpdate(update), rules)) {
        this.unbind();
        this.events.unreadable();
      }
    } catch {
      // y-websocket's own handler reports what it cannot read
    } finally {
      decoder.pos = start;
    }
  }

  private onAccess(access: "edit" | "read", reason: ReadOnlyReason | null): void {
    const wasFrozen = this.mode === "frozen";
    this.access = access;
    this.reason = reason;
    this.events.reason(reason);
    this.events.connection({ type: "readOnly", readOnly: access === "read" });
    if (this.mustFreeze() && this.mode === "normal") {
      void this.freeze();
      return;
    }
    if (access === "edit" && wasFrozen) {
      // Reopened: the frozen text becomes the draft again, on this very page.
      this.mode = "normal";
      this.publishHeldBack();
    }
  }

  private connectNormal(): void {
    const p = this.makeProvider(this.doc);
    this.provider = p;
    if (navigator.onLine) p.connect();
    // A device that already has the text binds at once. One that has nothing yet (first visit)
    // keeps showing the server-rendered text until the first sync: an empty editable page on a
    // slow link invites typing into nothing, and that text would land above the real content.
    // If the server cannot be reached, bind anyway (offline typing is kept on the device).
    const bind = () => {
      this.stopWaiting();
      this.tryBind(this.doc);
    };
    const timer = setTimeout(bind, FIRST_SYNC_WAIT_MS);
    this.stopWaiting = () => {
      clearTimeout(timer);
      window.removeEventListener("offline", bind);
    };
    if (this.doc.getXmlFragment(DOCUMENT_FIELD).length > 0 || !navigator.onLine) bind();
    else {
      p.on("sync", (synced: boolean) => synced && bind());
      p.on("connection-close", bind);
      p.on("connection-error", bind);
      p.on("closed", bind);
      window.addEventListener("offline", bind);
    }
  }

  /**
   * Shows exactly the frozen text: drop the provider of the device's document, sync a fresh one
   * from the server, set aside what the device had beyond it, replace the device copy.
   */
  private async freeze(): Promise<void> {
    if (this.mode !== "normal" || this.destroyed) return;
    this.mode = "freezing";
    this.stopWaiting();
    this.unbind();
    const device = this.doc;
    const round = this.reason && "round" in this.reason ? this.reason.round : null;
    device.off("update", this.onLocalUpdate);
    this.provider?.destroy();
    this.provider = null;
    // The device copy is emptied now (what it holds beyond the frozen text is set aside below) and
    // refilled with the frozen state once it arrives: a reload, or the draft after a reopen, must
    // never bring the stale text back. Cleared through the open database (deleting it would wait
    // for every other tab of this document to close it).
    const old = this.persistence;
    this.persistence = null;
    if (old) {
      await clearDeviceCopy(old);
      await old.destroy().catch(() => undefined);
    }
    this.events.connection({ type: "reset", readOnly: true });
    forgetPending(this.options.documentId);

    const fresh = new Y.Doc();
    this.doc = fresh;
    fresh.on("update", this.onLocalUpdate);
    const p = this.makeProvider(fresh);
    this.provider = p;
    const synced = new Promise<void>((resolve) => p.on("sync", (s: boolean) => s && resolve()));
    if (navigator.onLine) p.connect();
    await synced;
    if (this.destroyed) return;

    const beyond = changesBeyond(device, fresh);
    device.destroy();
    if (beyond) writeHeldBack(this.options.documentId, mergeHeldBack(readHeldBack(this.options.documentId), beyond, round));
    if (this.localCopy) {
      // Stores the frozen state as the device copy (y-indexeddb writes the whole state on open).
      this.persistence = new IndexeddbPersistence(localDatabaseName(this.options.documentId), fresh);
    }
    this.mode = this.access === "edit" ? "normal" : "frozen";
    this.publishHeldBack();
    this.tryBind(fresh);
  }

  private tryBind(doc: Y.Doc): void {
    if (this.destroyed || this.paused || this.boundTo === doc || doc !== this.doc || !this.provider) return;
    if (this.mode === "freezing") return;
    if (readDocument(doc, schema, rules).problems.length) {
      this.events.unreadable();
      return;
    }
    this.boundTo = doc;
    const frozenHash = this.mode === "frozen" ? versionHashOf(canonicalJson(doc)) : null;
    this.events.bound({ doc, provider: this.provider, frozenHash });
  }

  private unbind(): void {
    if (!this.boundTo) return;
    this.boundTo = null;
    this.events.bound(null);
  }

  private publishHeldBack(): void {
    const held = readHeldBack(this.options.documentId);
    if (!held || this.mode === "freezing") {
      this.events.heldBack(null);
      return;
    }
    const view = viewHeldBack(this.doc, held);
    if (!view) {
      // Everything it held is in the text already (re-inserted from another tab, or typed again).
      if (this.mode === "normal" && this.doc.getXmlFragment(DOCUMENT_FIELD).length > 0) writeHeldBack(this.options.documentId, null);
      this.events.heldBack(null);
      return;
    }
    this.events.heldBack({ ...view, canReinsert: this.access === "edit" && this.mode === "normal" });
  }
}
