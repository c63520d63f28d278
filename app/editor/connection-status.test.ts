import { describe, expect, it } from "vitest";
import {
  describeConnection,
  initialConnectionState,
  pendingChanges,
  reduceAll,
  reduceConnection,
  type ConnectionEvent,
  type ConnectionState,
} from "./connection-status.js";

const connect: ConnectionEvent[] = [
  { type: "ws", status: "connected" },
  { type: "messageSent", message: "syncStep2" }, // the reply to the server's step 1
  { type: "synced", synced: true },
];
const drop: ConnectionEvent = { type: "ws", status: "disconnected" };
const edit: ConnectionEvent[] = [{ type: "localChange" }, { type: "messageSent", message: "update" }];

function online(): ConnectionState {
  return reduceAll(initialConnectionState(), [...connect, { type: "durable", count: 1 }]);
}

const kind = (s: ConnectionState) => describeConnection(s).kind;

describe("connection status", () => {
  it("starts connecting, with nothing pending and editable", () => {
    const s = initialConnectionState();
    expect(describeConnection(s)).toEqual({
      kind: "connecting",
      pendingChanges: 0,
      readOnly: false,
      permissionDenied: false,
      localCopy: true,
      fromDevice: true,
    });
    expect(kind(reduceConnection(s, { type: "ws", status: "connected" }))).toBe("connecting"); // not synced yet
  });

  it("says when this device keeps no copy, so offline changes are not promised to be kept", () => {
    let s = reduceConnection(online(), { type: "localCopy", available: false });
    expect(describeConnection(s)).toMatchObject({ kind: "saved", localCopy: false });
    s = reduceAll(s, [...edit, { type: "browserOnline", online: false }]);
    expect(describeConnection(s)).toMatchObject({ kind: "offline", pendingChanges: 1, localCopy: false });
  });

  it("is saved once connected and synced with nothing pending", () => {
    expect(kind(reduceAll(initialConnectionState(), connect))).toBe("saved");
    expect(kind(online())).toBe("saved");
  });

  it("says saving after a live edit and saved only when the server acknowledges it durable", () => {
    let s = reduceAll(online(), edit);
    expect(describeConnection(s)).toMatchObject({ kind: "saving", pendingChanges: 1 });
    s = reduceAll(s, edit);
    expect(pendingChanges(s)).toBe(2);
    s = reduceConnection(s, { type: "durable", count: 2 }); // step 2 + first update
    expect(describeConnection(s)).toMatchObject({ kind: "saving", pendingChanges: 1 });
    s = reduceConnection(s, { type: "durable", count: 3 });
    expect(describeConnection(s)).toMatchObject({ kind: "saved", pendingChanges: 0 });
  });

  it("never moves the durable count backwards and ignores acks beyond what was sent", () => {
    let s = reduceAll(online(), [...edit, ...edit]);
    s = reduceConnection(s, { type: "durable", count: 99 });
    expect(s.durable).toBe(3);
    expect(kind(s)).toBe("saved");
    const again = reduceConnection(s, { type: "durable", count: 2 });
    expect(again).toBe(s);
  });

  it("counts changes kept on the device while disconnected and says offline", () => {
    let s = reduceAll(online(), [...edit, drop]); // the unacknowledged edit is kept, not lost
    expect(describeConnection(s)).toMatchObject({ kind: "offline", pendingChanges: 1 });
    s = reduceAll(s, [{ type: "localChange" }, { type: "localChange" }]);
    expect(describeConnection(s)).toMatchObject({ kind: "offline", pendingChanges: 3 });
    expect(s.unsent).toBe(3);
  });

  it("says reconnecting when a synced connection drops with nothing pending", () => {
    const s = reduceConnection(online(), drop);
    expect(kind(s)).toBe("reconnecting");
    expect(kind(reduceConnection(s, { type: "ws", status: "connecting" }))).toBe("reconnecting");
    // connected again but not yet synced: still reconnecting
    expect(kind(reduceConnection(s, { type: "ws", status: "connected" }))).toBe("reconnecting");
  });

  it("says connecting when the first connection attempt fails with nothing pending", () => {
    const s = reduceAll(initialConnectionState(), [drop, { type: "ws", status: "connecting" }]);
    expect(kind(s)).toBe("connecting");
  });

  it("sends offline changes in the step 2 of the next connection and is saved once it is durable", () => {
    let s = reduceAll(online(), [drop, { type: "localChange" }, { type: "localChange" }]);
    s = reduceConnection(s, { type: "ws", status: "connected" });
    expect(describeConnection(s)).toMatchObject({ kind: "saving", pendingChanges: 2 }); // step 2 not sent yet
    s = reduceAll(s, [
      { type: "messageSent", message: "syncStep2" },
      { type: "synced", synced: true },
    ]);
    expect(s.inFlight).toEqual([{ message: 1, changes: 2 }]);
    expect(kind(s)).toBe("saving");
    s = reduceConnection(s, { type: "durable", count: 1 });
    expect(describeConnection(s)).toMatchObject({ kind: "saved", pendingChanges: 0 });
  });

  it("does not let a live update acknowledge older offline changes that wait for the step 2", () => {
    let s = reduceAll(online(), [drop, { type: "localChange" }, { type: "ws", status: "connected" }]);
    s = reduceAll(s, edit); // sent before the server's step 1 arrived
    s = reduceConnection(s, { type: "durable", count: 1 });
    expect(describeConnection(s)).toMatchObject({ kind: "saving", pendingChanges: 1 });
    s = reduceAll(s, [
      { type: "messageSent", message: "syncStep2" },
      { type: "durable", count: 2 },
    ]);
    expect(pendingChanges(s)).toBe(0);
  });

  it("restarts message numbering on every connection", () => {
    let s = reduceAll(online(), [...edit, drop, ...connect]);
    expect(s.sent).toBe(1);
    expect(s.durable).toBe(0);
    expect(s.inFlight).toEqual([{ message: 1, changes: 1 }]);
    s = reduceConnection(s, { type: "durable", count: 1 });
    expect(kind(s)).toBe("saved");
  });

  it("ignores sends, acks and synced events when not connected", () => {
    const s = reduceConnection(online(), drop);
    expect(reduceConnection(s, { type: "messageSent", message: "update" })).toBe(s);
    expect(reduceConnection(s, { type: "durable", count: 5 })).toBe(s);
    expect(reduceConnection(s, { type: "synced", synced: true })).toBe(s);
  });

  it("remembers changes left unsaved by a previous page load", () => {
    const s = initialConnectionState({ pendingChanges: 4 });
    expect(describeConnection(s)).toMatchObject({ kind: "offline", pendingChanges: 4 });
    const after = reduceAll(s, [...connect, { type: "durable", count: 1 }]);
    expect(describeConnection(after)).toMatchObject({ kind: "saved", pendingChanges: 0 });
    expect(initialConnectionState({ pendingChanges: -3 }).unsent).toBe(0);
  });

  it("says offline as soon as the browser loses the network, even if the socket looks open", () => {
    let s = reduceConnection(online(), { type: "browserOnline", online: false });
    expect(describeConnection(s)).toMatchObject({ kind: "offline", pendingChanges: 0 });
    s = reduceConnection(s, { type: "browserOnline", online: true });
    expect(kind(s)).toBe("saved");
    expect(kind(initialConnectionState({ browserOnline: false }))).toBe("offline");
    expect(reduceConnection(s, { type: "browserOnline", online: true })).toBe(s);
  });

  it("turns read-only on permission denied (sticky) and follows the page's read-only flag", () => {
    let s = reduceConnection(online(), { type: "permissionDenied" });
    expect(describeConnection(s)).toMatchObject({ readOnly: true, permissionDenied: true });
    expect(reduceConnection(s, { type: "permissionDenied" })).toBe(s);
    s = reduceConnection(s, { type: "readOnly", readOnly: false });
    expect(describeConnection(s).readOnly).toBe(true); // the server's word wins
    let r = reduceConnection(online(), { type: "readOnly", readOnly: true });
    expect(describeConnection(r)).toMatchObject({ readOnly: true, permissionDenied: false });
    r = reduceConnection(r, { type: "readOnly", readOnly: false });
    expect(describeConnection(r).readOnly).toBe(false);
    expect(describeConnection(initialConnectionState({ readOnly: true })).readOnly).toBe(true);
  });

  it("drops the synced flag when the provider reports unsynced", () => {
    const s = reduceConnection(online(), { type: "synced", synced: false });
    expect(kind(s)).toBe("reconnecting");
    expect(reduceConnection(s, { type: "synced", synced: false })).toBe(s);
  });

  it("ignores zero-sized local changes and repeated ws statuses", () => {
    const s = online();
    expect(reduceConnection(s, { type: "localChange", count: 0 })).toBe(s);
    expect(reduceConnection(s, { type: "ws", status: "connected" })).toBe(s);
    expect(pendingChanges(reduceConnection(s, { type: "localChange", count: 3 }))).toBe(3);
  });
});
