// The line under the status pill: what is on this device and what has reached the server.
import { describe, expect, it } from "vitest";
import { en, fr } from "../core/i18n/messages/offline.js";
import { deviceNote, describeConnection, initialConnectionState, reduceAll, type ConnectionEvent } from "./connection-status.js";

const connect: ConnectionEvent[] = [
  { type: "ws", status: "connected" },
  { type: "messageSent", message: "syncStep2" },
  { type: "synced", synced: true },
];
const offline: ConnectionEvent[] = [
  { type: "browserOnline", online: false },
  { type: "ws", status: "disconnected" },
];

const note = (events: ConnectionEvent[], options: Parameters<typeof initialConnectionState>[0] = {}) =>
  deviceNote(describeConnection(reduceAll(initialConnectionState(options), events)));

describe("device note", () => {
  it("a page opened with no network says the text is the device's copy, and how many changes wait on it", () => {
    // A reload offline: three changes remembered from the previous page, the browser offline from the start.
    expect(note([], { pendingChanges: 3, browserOnline: false })).toEqual([{ key: "openedFromDevice" }, { key: "pending", count: 3 }]);
    expect(note([{ type: "localChange" }], { browserOnline: false })).toEqual([{ key: "openedFromDevice" }, { key: "pending", count: 1 }]);
    // Nothing typed yet: the copy is named, and no promise about the server is made.
    expect(note([], { browserOnline: false })).toEqual([{ key: "openedFromDevice" }]);
  });

  it("says everything reached the server only once the server acknowledged it", () => {
    expect(note([...connect, { type: "durable", count: 1 }], { pendingChanges: 2 })).toEqual([{ key: "allReached" }]);
    // Sent but not yet acknowledged: still only on this device.
    expect(note(connect, { pendingChanges: 2 })).toEqual([{ key: "sending", count: 2 }]);
    // Connecting online promises nothing (a first visit shows the server's text, not a device copy).
    expect(note([], { pendingChanges: 0 })).toEqual([]);
  });

  it("after a sync on this page, going offline with nothing typed says nothing is left to send", () => {
    expect(note([...connect, { type: "durable", count: 1 }, ...offline])).toEqual([{ key: "nothingPending" }]);
    expect(note([...connect, { type: "durable", count: 1 }, ...offline, { type: "localChange", count: 2 }])).toEqual([{ key: "pending", count: 2 }]);
  });

  it("makes no promise about the device when it cannot keep a copy, and gives readers no counts", () => {
    expect(note([{ type: "localCopy", available: false }, ...offline, { type: "localChange" }])).toEqual([]);
    expect(note([], { browserOnline: false, readOnly: true })).toEqual([{ key: "openedFromDevice" }]);
    expect(note([...connect, { type: "durable", count: 1 }], { readOnly: true })).toEqual([]);
  });

  it("every sentence exists in English and French, with plural forms where counted", () => {
    const keys = ["openedFromDevice", "allReached", "nothingPending", "pending_one", "pending_other", "sending_one", "sending_other"];
    for (const key of keys) {
      expect(en.offline.device[key as keyof typeof en.offline.device]).toBeTruthy();
      expect(fr.offline.device[key as keyof typeof fr.offline.device]).toBeTruthy();
    }
  });
});
