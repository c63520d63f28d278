// What the document header says about the user's work, derived from provider events.
//
// Pure: no React, no DOM, no Yjs. The editor component feeds it events; the header renders
// `describeConnection(state)`. Keeping it pure lets every transition be unit-tested, and lets the
// same rules be reused by any future client (a mobile shell, a Node test client).
//
// The "truth" the header must tell: a change is *Saved* only when the server said it is durable
// (the custom "saved" message), not when it left the browser. Changes travel in messages:
// a live edit is one y-protocols "update" message; changes made while disconnected travel in the
// "sync step 2" reply the client sends when it reconnects. The server acknowledges with a running
// count of this client's content messages (step 2 + updates) made durable on this connection, so
// the client numbers the content messages it sends per connection and waits for the count.

export type WsStatus = "connecting" | "connected" | "disconnected";

export type StatusKind = "connecting" | "saved" | "saving" | "offline" | "reconnecting";

/** Changes carried by one content message sent on the current connection, awaiting the durable ack. */
interface InFlight {
  /** 1-based number of the content message on this connection. */
  message: number;
  /** Local changes it carries (0 for a sync step 2 sent when nothing was pending). */
  changes: number;
}

export interface ConnectionState {
  ws: WsStatus;
  /** The provider received the server's state on the current connection. */
  synced: boolean;
  /** Some connection has synced since the page opened: later drops are "reconnecting". */
  everSynced: boolean;
  browserOnline: boolean;
  /** The server answered with a y-protocols auth "permission denied". Sticky for this session. */
  permissionDenied: boolean;
  /** Read-only decided by the page (role, archived process, locked for sign-off). */
  readOnlyByRole: boolean;
  /** Local changes not yet sent on the current connection (kept in IndexedDB meanwhile). */
  unsent: number;
  inFlight: InFlight[];
  /** Content messages sent on the current connection. */
  sent: number;
  /** Highest durable count acknowledged by the server on the current connection. */
  durable: number;
  /**
   * This device keeps a copy of the document (IndexedDB). Without one (storage disabled, a broken
   * profile), unsaved changes live only in the open page: the header must not promise otherwise.
   */
  localCopy: boolean;
}

export type ConnectionEvent =
  | { type: "ws"; status: WsStatus }
  | { type: "synced"; synced: boolean }
  /** The user changed the document locally (one Yjs update, from the editor or undo manager). */
  | { type: "localChange"; count?: number }
  /**
   * A content message went out on the current connection: a sync step 2 carries every change the
   * server may lack; an update carries the one change that was just made.
   */
  | { type: "messageSent"; message: "syncStep2" | "update" }
  /** The server's "saved" message: `count` content messages of this connection are durable. */
  | { type: "durable"; count: number }
  | { type: "browserOnline"; online: boolean }
  | { type: "permissionDenied" }
  | { type: "readOnly"; readOnly: boolean }
  /** Whether the device copy could be opened (decided once, before the editor binds). */
  | { type: "localCopy"; available: boolean }
  /**
   * A new session on the server's text (the text was frozen for sign-off): what this page counted
   * as pending was either included in the frozen version or set aside ("not included"), so
   * nothing is pending any more.
   */
  | { type: "reset"; readOnly: boolean };

export interface ConnectionView {
  kind: StatusKind;
  /** Local changes not yet known to be durable on the server (kept on this device). */
  pendingChanges: number;
  readOnly: boolean;
  permissionDenied: boolean;
  /** False when this device cannot keep a copy: pending changes are only in the open page. */
  localCopy: boolean;
  /**
   * No connection has synced with the server since this page opened: the text on screen is this
   * device's copy (its IndexedDB document, or the page the service worker kept), not the server's.
   */
  fromDevice: boolean;
}

export interface InitialConnectionOptions {
  /** Changes left unsaved by a previous page load (remembered on the device), default 0. */
  pendingChanges?: number;
  browserOnline?: boolean;
  readOnly?: boolean;
}

export function initialConnectionState(options: InitialConnectionOptions = {}): ConnectionState {
  return {
    ws: "connecting",
    synced: false,
    everSynced: false,
    browserOnline: options.browserOnline ?? true,
    permissionDenied: false,
    readOnlyByRole: options.readOnly ?? false,
    unsent: Math.max(0, Math.floor(options.pendingChanges ?? 0)),
    inFlight: [],
    sent: 0,
    durable: 0,
    localCopy: true,
  };
}

/** Changes of in-flight messages the server has not acknowledged: they must be resent. */
function unacknowledged(state: ConnectionState): number {
  return state.inFlight.reduce((sum, m) => sum + m.changes, 0);
}

export function reduceConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case "ws": {
      if (event.status === state.ws) return state;
      if (event.status === "connected") {
        // A new connection numbers its messages from 1 again, and its acks too.
        return { ...state, ws: "connected", synced: false, sent: 0, durable: 0, unsent: state.unsent + unacknowledged(state), inFlight: [] };
      }
      // Leaving a connection: whatever it did not acknowledge may not be durable. Those changes are
      // still in the local Y.Doc (and IndexedDB) and the next sync step 2 carries them again, so
      // they go back to "unsent" rather than being forgotten.
      return { ...state, ws: event.status, synced: false, unsent: state.unsent + unacknowledged(state), inFlight: [], sent: 0, durable: 0 };
    }
    case "synced": {
      if (event.synced && state.ws !== "connected") return state; // a late event from a closed socket
      if (event.synced === state.synced) return state;
      return { ...state, synced: event.synced, everSynced: state.everSynced || event.synced };
    }
    case "localChange": {
      const count = Math.max(0, Math.floor(event.count ?? 1));
      if (count === 0) return state;
      return { ...state, unsent: state.unsent + count };
    }
    case "messageSent": {
      if (state.ws !== "connected") return state;
      const message = state.sent + 1;
      // A step 2 carries everything the server lacks. A live update is sent synchronously right
      // after its change and carries only that one; older unsent changes wait for the step 2.
      const changes = event.message === "syncStep2" ? state.unsent : Math.min(1, state.unsent);
      return { ...state, sent: message, inFlight: [...state.inFlight, { message, changes }], unsent: state.unsent - changes };
    }
    case "durable": {
      if (state.ws !== "connected") return state;
      // Acks are cumulative; a stale or repeated one must never move the count backwards.
      const durable = Math.max(state.durable, Math.min(Math.floor(event.count), state.sent));
      if (durable === state.durable) return state;
      return { ...state, durable, inFlight: state.inFlight.filter((m) => m.message > durable) };
    }
    case "browserOnline":
      return event.online === state.browserOnline ? state : { ...state, browserOnline: event.online };
    case "permissionDenied":
      return state.permissionDenied ? state : { ...state, permissionDenied: true };
    case "readOnly":
      return event.readOnly === state.readOnlyByRole ? state : { ...state, readOnlyByRole: event.readOnly };
    case "localCopy":
      return event.available === state.localCopy ? state : { ...state, localCopy: event.available };
    case "reset":
      return {
        ...initialConnectionState({ browserOnline: state.browserOnline, readOnly: event.readOnly }),
        localCopy: state.localCopy,
        everSynced: state.everSynced,
      };
  }
}

export function pendingChanges(state: ConnectionState): number {
  return state.unsent + unacknowledged(state);
}

export function describeConnection(state: ConnectionState): ConnectionView {
  const pending = pendingChanges(state);
  const readOnly = state.readOnlyByRole || state.permissionDenied;
  const view = (kind: StatusKind): ConnectionView => ({
    kind,
    pendingChanges: pending,
    readOnly,
    permissionDenied: state.permissionDenied,
    localCopy: state.localCopy,
    fromDevice: !state.everSynced,
  });

  // The browser knows the network is gone: say so even if the socket has not noticed yet.
  if (!state.browserOnline) return view("offline");
  if (state.ws !== "connected") {
    // With changes waiting, the reassuring truth is that they are kept here; without, we are just
    // trying to get back.
    if (pending > 0) return view("offline");
    return view(state.everSynced ? "reconnecting" : "connecting");
  }
  if (pending > 0) return view("saving");
  if (!state.synced) return view(state.everSynced ? "reconnecting" : "connecting");
  return view("saved");
}

/** Runs a sequence of events from a state (handy for tests and for replaying a log). */
export function reduceAll(state: ConnectionState, events: ConnectionEvent[]): ConnectionState {
  return events.reduce(reduceConnection, state);
}

/** One sentence of the device note, as an i18n key (app/core/i18n/messages/offline.ts) and its count. */
export interface DeviceNoteLine {
  key: "openedFromDevice" | "pending" | "sending" | "allReached" | "nothingPending";
  count?: number;
}

/**
 * What is on this device and what has reached the server, in sentences, for the line under the
 * status pill. Honest first: "reached the server" only when the server acknowledged everything
 * (the pill's *Saved*, or offline with nothing pending after a sync); pending counts only when the
 * device really keeps them (without a local copy the pill already says to keep the page open).
 */
export function deviceNote(view: ConnectionView): DeviceNoteLine[] {
  const lines: DeviceNoteLine[] = [];
  // Offline before any sync on this page: what is on screen came from this device. (Connecting
  // online says nothing: on a first visit the text shown is the server's, not a device copy.)
  if (view.fromDevice && view.localCopy && view.kind === "offline") lines.push({ key: "openedFromDevice" });
  // A reader's page has nothing to send: the pill ("Up to date", "last version received") says it all.
  if (view.readOnly) return lines;
  const pending = view.pendingChanges;
  if (pending > 0) {
    if (!view.localCopy) return lines;
    lines.push({ key: view.kind === "saving" ? "sending" : "pending", count: pending });
  } else if (view.kind === "saved") {
    lines.push({ key: "allReached" });
  } else if (view.kind === "offline" && !view.fromDevice) {
    // Synced earlier on this page and nothing typed since: everything made here is on the server.
    lines.push({ key: "nothingPending" });
  }
  return lines;
}
