import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { expect } from "vitest";
import type { QueryLayer } from "../../app/storage/sql.server.js";
import { isPostgresUrl, openTestSql, queryNow } from "./test-database.js";
import { HttpClient, signUp, uniqueAccount, type AccountFields } from "./http.js";

/** Creates a process through the form; returns its id. */
export async function createProcessViaForm(
  client: HttpClient,
  fields: Partial<Record<"title" | "locality" | "region" | "description", string>> & { languages?: string[] } = {},
): Promise<string> {
  const res = await client.post("/processes/new", {
    title: fields.title ?? `Dialogue intercommunautaire ${Math.random().toString(36).slice(2, 7)}`,
    locality: fields.locality ?? "Ber",
    region: fields.region ?? "Tombouctou",
    description: fields.description ?? "",
    languages: fields.languages ?? ["fr", "en"],
  });
  expect(res.status, await res.clone().text()).toBe(302);
  const match = /^\/processes\/([0-9a-f-]{36})$/.exec(res.headers.get("location") ?? "");
  expect(match).not.toBeNull();
  return match![1]!;
}

/** Creates an invitation through the invitations page; returns the token taken from the link shown. */
export async function createInvitationViaForm(
  client: HttpClient,
  processId: string,
  fields: { role: string; categoryId?: string; affiliation?: string; note?: string; expiresInDays?: string },
): Promise<string> {
  const res = await client.post(`/processes/${processId}/invitations`, { intent: "invite", ...fields } as Record<string, string>);
  const html = await res.text();
  expect(res.status, html).toBe(200);
  const match = /\/invite\/([a-z2-7]{32})/.exec(html);
  expect(match, "the page shows the invitation link").not.toBeNull();
  return match![1]!;
}

/** A new person opens the link, creates an account through it and joins. */
export async function joinWithNewAccount(baseUrl: string, token: string, account: AccountFields = uniqueAccount("member")) {
  const client = new HttpClient(baseUrl);
  const res = await client.post(`/signup?invitation=${token}`, {
    ...account,
    preferredLanguage: account.preferredLanguage ?? "en",
    invitation: token,
    redirectTo: `/invite/${token}`,
  } as unknown as Record<string, string>);
  expect(res.status, await res.clone().text()).toBe(302);
  const join = await client.post(`/invite/${token}`, {});
  expect(join.status, await join.clone().text()).toBe(302);
  return { client, account, location: join.headers.get("location") };
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The raw better-sqlite3 handle of a SQLite test database (SQLite-only checks: pragmas, the file). */
export function openDb(path: string, readonly = true) {
  if (isPostgresUrl(path)) throw new Error("openDb is for SQLite files: use query/runNow (test/support/test-database.ts) on both engines");
  return new Database(path, { readonly, fileMustExist: true });
}

/** The running server's database for the domain's readers; `close()` closes it. */
export function openSql(path: string): QueryLayer {
  return openTestSql(path);
}

export function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  return queryNow<T>(dbPath, sql, params);
}

export function categoryId(dbPath: string, processId: string, key: string): string {
  return query<{ id: string }>(dbPath, "SELECT id FROM stakeholder_categories WHERE process_id = ? AND key = ?", processId, key)[0]!.id;
}

export function userId(dbPath: string, email: string): string {
  return query<{ id: string }>(dbPath, "SELECT id FROM users WHERE email = ?", email)[0]!.id;
}

export function auditCount(dbPath: string, action?: string): number {
  return action
    ? query<{ n: number }>(dbPath, "SELECT COUNT(*) AS n FROM audit_events WHERE action = ?", action)[0]!.n
    : query<{ n: number }>(dbPath, "SELECT COUNT(*) AS n FROM audit_events")[0]!.n;
}

export { signUp, uniqueAccount };

/**
 * The facilitator shares a document with every member (new documents are the team's until then):
 * what a test needs before representatives or observers may see it, or a round may open on it.
 */
export async function shareDocument(facilitator: HttpClient, processId: string, documentId: string): Promise<void> {
  const res = await facilitator.post(`/processes/${processId}/documents/${documentId}`, { intent: "share", visibility: "shared" });
  if (res.status !== 200) throw new Error(`sharing ${documentId} answered ${res.status}: ${await res.text()}`);
}
