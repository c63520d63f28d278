import { describe, expect, it } from "vitest";
import { badgeCount, newestSeenable, NOTIFICATION_WINDOW_MS, notificationFloor, orderEntries, threadHref, type NotificationEntry } from "./notifications.js";

const entry = (kind: NotificationEntry["kind"], at: number, unseen = true): NotificationEntry => ({
  key: `${kind}:${at}`,
  kind,
  processId: "p",
  processTitle: "Dialogue de Ber",
  documentId: "d",
  documentTitle: "Feuille de route",
  at,
  href: "/processes/p/documents/d",
  byName: null,
  round: 1,
  replies: 0,
  unseen,
});

describe("notifications", () => {
  it("news starts after joining, within the window, and for the count after what was seen", () => {
    const now = 100 * NOTIFICATION_WINDOW_MS;
    expect(notificationFloor(now - 5, now)).toBe(now - 5);
    expect(notificationFloor(0, now)).toBe(now - NOTIFICATION_WINDOW_MS);
    expect(notificationFloor(0, now, now - 3)).toBe(now - 3);
    expect(notificationFloor(now - 2, now, now - 3)).toBe(now - 2);
  });

  it("lists every decision first (oldest first), then at most `limit` news, newest first", () => {
    const list = orderEntries([entry("reply", 5), entry("decisionNeeded", 9), entry("adopted", 7), entry("decisionNeeded", 2), entry("roundOpened", 1)], 2);
    expect(list.map((e) => e.key)).toEqual(["decisionNeeded:2", "decisionNeeded:9", "adopted:7", "reply:5"]);
    expect(orderEntries([entry("decisionNeeded", 1), entry("decisionNeeded", 2)], 1)).toHaveLength(2);
  });

  it("counts every decision needed and the unseen news; marks up to the newest news shown", () => {
    const list = [entry("decisionNeeded", 50), entry("reply", 7), entry("adopted", 9, false), entry("roundReopened", 3)];
    expect(badgeCount(list)).toBe(3);
    expect(newestSeenable(list)).toBe(9);
    expect(newestSeenable([entry("decisionNeeded", 50)])).toBe(0);
    expect(threadHref("p", "d", "t")).toBe("/processes/p/documents/d#thread-t");
  });
});
