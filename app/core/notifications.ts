// Notifications in the app (issue 14; docs/decisions/030-notifications.md): what a "waiting for
// you" entry is, where it leads and how entries are ordered and counted. Pure: the server derives
// the entries (app/domain/notifications.server.ts), the dashboard and the header show them.

/**
 * - decisionNeeded: an open round needs this representative's decision for their category (stays
 *   until they decide or the round closes; never marked seen).
 * - reply: someone else replied in an annotation thread this person started or replied in.
 * - roundOpened / roundReopened: a round was opened on a document, or closed without adoption (the
 *   text went back to drafting).
 * - adopted: a document was adopted.
 */
export const NOTIFICATION_KINDS = ["decisionNeeded", "reply", "roundOpened", "roundReopened", "adopted"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationEntry {
  /** Stable per fact (kind and the row it comes from): React keys, tests. */
  key: string;
  kind: NotificationKind;
  processId: string;
  processTitle: string;
  documentId: string;
  documentTitle: string;
  /** When it happened (ms): the round's opening or closing, the latest reply. */
  at: number;
  href: string;
  /** Who did it (the facilitator, the last person who replied); null when unknown. */
  byName: string | null;
  /** The round's number (round kinds and decisionNeeded). */
  round: number | null;
  /** reply: how many replies from others since this person last wrote there (within the window). */
  replies: number;
  /** Happened after the person's "seen up to" marker. decisionNeeded entries are always counted. */
  unseen: boolean;
}

/** Older facts are history, not news: neither listed nor counted. */
export const NOTIFICATION_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/** The dashboard lists at most this many news entries (after every decision needed). */
export const NOTIFICATION_LIST_LIMIT = 30;

/**
 * The time after which facts of a process are news to a member: not before they joined (a newcomer
 * is not told about the past), nor older than the window; for the count, not before what they saw.
 */
export function notificationFloor(joinedAt: number, now: number, seenUpTo?: number): number {
  return Math.max(joinedAt, now - NOTIFICATION_WINDOW_MS, seenUpTo ?? 0);
}

export function documentHref(processId: string, documentId: string): string {
  return `/processes/${processId}/documents/${documentId}`;
}

/** A thread on its document's page (the anchor the page's annotation list answers to). */
export function threadHref(processId: string, documentId: string, threadId: string): string {
  return `${documentHref(processId, documentId)}#thread-${threadId}`;
}

/** Every decision needed first (oldest round first: it has waited longest), then at most `limit` news, newest first. */
export function orderEntries(entries: readonly NotificationEntry[], limit = NOTIFICATION_LIST_LIMIT): NotificationEntry[] {
  const decisions = entries.filter((e) => e.kind === "decisionNeeded").sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  const news = entries.filter((e) => e.kind !== "decisionNeeded").sort((a, b) => b.at - a.at || a.key.localeCompare(b.key));
  return [...decisions, ...news.slice(0, limit)];
}

/** The header's number: every decision needed plus every entry not seen yet. */
export function badgeCount(entries: readonly NotificationEntry[]): number {
  return entries.filter((e) => e.kind === "decisionNeeded" || e.unseen).length;
}

/** What "mark all as read" moves the marker to: the newest entry the person was shown (0: none). */
export function newestSeenable(entries: readonly NotificationEntry[]): number {
  return entries.reduce((max, e) => (e.kind !== "decisionNeeded" && e.at > max ? e.at : max), 0);
}
