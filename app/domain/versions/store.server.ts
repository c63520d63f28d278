// Version history (issue 12), storage side: the versions of a document (its rounds' frozen
// versions, merged with the versions saved in document_versions), a drafter's named version, the
// server's automatic ones, and restoring a version as a new change of the live text.
//
// A saved version holds the merged Yjs state of the STORED text at that moment plus its canonical
// JSON and hash (ADR 021), exactly as a round does: it reads back whatever happens to the collab
// log afterwards (compaction, restarts), and any version compares with any round's.
import { randomUUID } from "node:crypto";
import { dialectOf, type Sql } from "../../storage/sql.server.js";
import { canonicalVersionOf, type CanonicalVersion } from "../../core/canonical.js";
import { can, documentFacts, type Actor } from "../../core/policy.js";
import type { VersionKind, VersionSummary } from "../../core/versions/types.js";
import { AccessDeniedError, actorFor, authorize, type UserRef } from "../access.server.js";
import { recordAudit } from "../audit.server.js";
import type { Services } from "../context.server.js";
import { getDocument, type DocumentRecord } from "../documents.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "../input.server.js";
import { readStoredState } from "../../storage/collab-store.server.js";
import { restoreVersionSchema, saveVersionSchema } from "./schemas.server.js";

// ---------------------------------------------------------------------------------------------
// Keys: how a version is named in URLs and forms (app/core/versions/types.ts).

export function roundVersionKey(number: number): string {
  return `round-${number}`;
}

export function savedVersionKey(id: string): string {
  return `v-${id}`;
}

const ROUND_KEY = /^round-([1-9]\d{0,8})$/;
const SAVED_KEY = /^v-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

type ParsedKey = { kind: "round"; number: number } | { kind: "saved"; id: string };

function parseKey(key: string): ParsedKey | null {
  const round = ROUND_KEY.exec(key);
  if (round) return { kind: "round", number: Number(round[1]) };
  const saved = SAVED_KEY.exec(key);
  return saved ? { kind: "saved", id: saved[1]! } : null;
}

// ---------------------------------------------------------------------------------------------
// Reading

interface RoundVersionRow {
  number: number;
  status: "open" | "adopted" | "reopened";
  version_hash: string;
  opened_at: number;
  by_name: string | null;
}

interface SavedVersionRow {
  id: string;
  kind: "named" | "auto";
  name: string | null;
  version_hash: string;
  created_at: number;
  by_name: string | null;
}

// The summary's columns; reading one version adds its state and canonical JSON.
const ROUND_COLUMNS = "r.number, r.status, r.version_hash, r.opened_at, u.display_name AS by_name";
const ROUNDS_FROM = "FROM signoff_rounds r LEFT JOIN users u ON u.id = r.opened_by";
const SAVED_COLUMNS = "v.id, v.kind, v.name, v.version_hash, v.created_at, u.display_name AS by_name";
const SAVED_FROM = "FROM document_versions v LEFT JOIN users u ON u.id = v.created_by";

function roundSummary(row: RoundVersionRow): VersionSummary {
  return {
    key: roundVersionKey(row.number),
    kind: row.status === "adopted" ? "adopted" : "round",
    name: null,
    round: row.number,
    byName: row.by_name,
    at: row.opened_at,
    hash: row.version_hash,
  };
}

function savedSummary(row: SavedVersionRow): VersionSummary {
  return { key: savedVersionKey(row.id), kind: row.kind, name: row.name, round: null, byName: row.by_name, at: row.created_at, hash: row.version_hash };
}

/** Every version of a document, whoever may read it, newest first (for the server's own decisions). */
async function allVersions(db: Sql, documentId: string): Promise<VersionSummary[]> {
  const saved = (
    await db.all<SavedVersionRow>(
      `SELECT ${SAVED_COLUMNS} ${SAVED_FROM} WHERE v.document_id = ? ORDER BY v.created_at DESC, v.${dialectOf(db).insertionOrder} DESC`,
      documentId,
    )
  ).map(savedSummary);
  const rounds = (await db.all<RoundVersionRow>(`SELECT ${ROUND_COLUMNS} ${ROUNDS_FROM} WHERE r.document_id = ? ORDER BY r.number DESC`, documentId)).map(
    roundSummary,
  );
  // A stable sort of two lists each already newest first: equal times keep saved before rounds.
  return [...saved, ...rounds].sort((a, b) => b.at - a.at);
}

/** Who reads a version list: the member as the policy sees them (readerFromAccess gives it from a route). */
export interface VersionReader {
  actor: Actor;
  archived: boolean;
}

type VersionedDocument = Pick<DocumentRecord, "id" | "status" | "visibility">;

/** May this reader read a version of this kind of this document? (THE policy, version.read.) */
export function mayReadVersion(reader: VersionReader, document: VersionedDocument, kind: VersionKind): boolean {
  return can(reader.actor, "version.read", { archived: reader.archived, ...documentFacts(document), versionKind: kind });
}

/**
 * The versions of a document this reader may read, newest first: every round's (`round`, or
 * `adopted` for the adopted round) and, for the team, the named and automatic ones. A reader who
 * may not read the document (a team draft for a representative) gets an empty list.
 */
export async function listVersions(db: Sql, reader: VersionReader, document: VersionedDocument): Promise<VersionSummary[]> {
  return (await allVersions(db, document.id)).filter((v) => mayReadVersion(reader, document, v.kind));
}

export interface StoredVersion {
  summary: VersionSummary;
  /** The version's Yjs state: one self-contained update (Y.encodeStateAsUpdate). */
  state: Uint8Array;
  canonical: string;
}

/**
 * One version of this document, by key; null for an unknown key or another document's version.
 * No policy here: a caller acting for a member uses readVersionFor (or checks mayReadVersion).
 */
export async function readVersion(db: Sql, document: Pick<DocumentRecord, "id">, key: string): Promise<StoredVersion | null> {
  const parsed = parseKey(key);
  if (!parsed) return null;
  if (parsed.kind === "round") {
    const row = await db.get<RoundVersionRow & { snapshot: Buffer; canonical: string }>(
      `SELECT ${ROUND_COLUMNS}, r.snapshot, r.canonical ${ROUNDS_FROM} WHERE r.document_id = ? AND r.number = ?`,
      document.id,
      parsed.number,
    );
    return row ? { summary: roundSummary(row), state: new Uint8Array(row.snapshot), canonical: row.canonical } : null;
  }
  const row = await db.get<SavedVersionRow & { state: Buffer; canonical: string }>(
    `SELECT ${SAVED_COLUMNS}, v.state, v.canonical ${SAVED_FROM} WHERE v.document_id = ? AND v.id = ?`,
    document.id,
    parsed.id,
  );
  return row ? { summary: savedSummary(row), state: new Uint8Array(row.state), canonical: row.canonical } : null;
}

/** readVersion for a member: a version they may not read (a named one for a representative) is null, like an unknown key. */
export async function readVersionFor(db: Sql, reader: VersionReader, document: VersionedDocument, key: string): Promise<StoredVersion | null> {
  const version = await readVersion(db, document, key);
  return version && mayReadVersion(reader, document, version.summary.kind) ? version : null;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Inserts a saved version of `version` (the caller's transaction; the storage refuses it unless drafting). */
async function insertVersion(
  db: Sql,
  v: { documentId: string; kind: "named" | "auto"; name: string | null; version: CanonicalVersion; createdBy: string | null; at: number },
): Promise<string> {
  const id = randomUUID();
  await db.run(
    `INSERT INTO document_versions (id, document_id, kind, name, state, canonical, version_hash, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    v.documentId,
    v.kind,
    v.name,
    Buffer.from(v.version.state),
    v.version.canonical,
    v.version.hash,
    v.createdBy,
    v.at,
  );
  return savedVersionKey(id);
}

/** The stored text now, as a version (read inside the caller's transaction, it is exactly what is stored). */
async function currentVersion(db: Sql, documentId: string): Promise<CanonicalVersion> {
  // The collab server loads through the same reader: what is kept is what it serves (and what
  // anyone was shown: it persists before it broadcasts).
  return canonicalVersionOf((await readStoredState(db, documentId)).updates);
}

/**
 * A drafter's change to the version history (save, restore): the policy decides, inside the
 * caller's transaction. Someone who may not read the document gets 404 (it does not exist for
 * them); a drafter of a text that cannot change now is told why (409); anyone else gets 403.
 */
async function mayChange(
  db: Sql,
  processId: string,
  user: UserRef,
  action: "version.save" | "version.restore",
  document: DocumentRecord,
): Promise<Outcome<VersionReader>> {
  const membership = await authorize(db, processId, user, "document.read", documentFacts(document));
  const actor = actorFor(user, membership);
  // Only to choose the message of a refusal: would the policy allow it on an active draft?
  const onADraft = can(actor, action, { archived: false, ...documentFacts(document), documentStatus: "drafting" });
  if (onADraft && membership.archived) return fail(409, "form", "versions.errors.archived");
  if (onADraft && document.status !== "drafting") return fail(409, "form", "versions.errors.notDrafting");
  await authorize(db, processId, user, action, documentFacts(document));
  return { ok: true, value: { actor, archived: membership.archived } };
}

/** This process's document, or a 404 exactly as for an unknown id. */
async function documentIn(db: Sql, processId: string, documentId: string): Promise<DocumentRecord> {
  const document = await getDocument(db, documentId);
  if (!document || document.processId !== processId) throw new AccessDeniedError(404);
  return document;
}

/**
 * A drafter saves the stored text as a version with a name. In ONE transaction: the policy again,
 * the stored state read and hashed, the version and its audit entry. What the drafter typed but
 * the server has not stored yet (their editor is not *Saved*) is not in it.
 */
export async function saveNamedVersion(
  services: Pick<Services, "db">,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<{ key: string }>> {
  const { db } = services;
  // A member who may not read the document learns nothing, not even what the form lacks.
  await authorize(db, processId, user, "document.read", documentFacts(await documentIn(db, processId, documentId)));
  const parsed = parseInput(saveVersionSchema, raw);
  if (!parsed.ok) return parsed;
  return await db.transaction(async (tx): Promise<Outcome<{ key: string }>> => {
    const document = await documentIn(tx, processId, documentId);
    const allowed = await mayChange(tx, processId, user, "version.save", document);
    if (!allowed.ok) return allowed;
    const version = await currentVersion(tx, documentId);
    const key = await insertVersion(tx, { documentId, kind: "named", name: parsed.data.name, version, createdBy: user.id, at: Date.now() });
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "document.version.saved",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { title: document.title, version: key, versionName: parsed.data.name, versionHash: version.hash },
    });
    return { ok: true, value: { key } };
  });
}

/**
 * Keeps the stored text as an automatic version when the document is a draft and its text is not
 * already the latest version (of any kind: saved or a round's). Returns the new version's key, or
 * null when none was needed. Audited with no actor: the server took it. Runs in its own
 * transaction, or as part of the caller's.
 */
export async function takeAutoVersion(db: Sql, documentId: string, now = Date.now()): Promise<string | null> {
  return await db.transaction(async (tx): Promise<string | null> => {
    const document = await getDocument(tx, documentId);
    if (document?.status !== "drafting") return null;
    const version = await currentVersion(tx, documentId);
    if ((await allVersions(tx, documentId))[0]?.hash === version.hash) return null;
    const key = await insertVersion(tx, { documentId, kind: "auto", name: null, version, createdBy: null, at: now });
    await recordAudit(tx, {
      actorUserId: null,
      action: "document.version.auto",
      processId: document.processId,
      targetType: "document",
      targetId: documentId,
      details: { title: document.title, version: key, versionHash: version.hash },
    });
    return key;
  });
}

export interface Restored {
  /** The version restored, and its hash (the text's hash now, but for concurrent edits). */
  key: string;
  hash: string;
  /** The automatic version that keeps the text it replaced; null when that text already was the latest version. */
  keptAs: string | null;
}

/**
 * A drafter restores a version: the text becomes the version's content through the smallest change,
 * a NEW change by them through the collab server (stored first, then every open editor receives it
 * like anyone's edit; nothing of the stored history is rewritten). Before that, in one transaction with the policy
 * check, the text being replaced is kept as an automatic version, so restoring loses nothing.
 * Audited once the change is durable; open pages are told to reload their data (document.changed).
 */
export async function restoreVersion(
  services: Pick<Services, "db" | "content" | "collabWrite" | "events">,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<Restored>> {
  const { db } = services;
  await authorize(db, processId, user, "document.read", documentFacts(await documentIn(db, processId, documentId)));
  const parsed = parseInput(restoreVersionSchema, raw);
  if (!parsed.ok) return parsed;
  const prepared = await db.transaction(async (tx): Promise<Outcome<{ document: DocumentRecord; version: StoredVersion; keptAs: string | null }>> => {
    const document = await documentIn(tx, processId, documentId);
    const reader = await mayChange(tx, processId, user, "version.restore", document);
    if (!reader.ok) return reader;
    const version = await readVersionFor(tx, reader.value, document, parsed.data.version);
    if (!version) return fail(404, "version", "versions.errors.unknownVersion");
    // What is restored is the stored state: it must still be the text its hash names (ADR 026's rule for exports).
    if (canonicalVersionOf([version.state]).hash !== version.summary.hash) return fail(409, "form", "versions.errors.integrity");
    // Replacing a text by itself would only be a change that clobbers what others type meanwhile.
    if ((await currentVersion(tx, documentId)).hash === version.summary.hash) return fail(409, "form", "versions.errors.alreadyCurrent");
    return { ok: true, value: { document, version, keptAs: await takeAutoVersion(tx, documentId) } };
  });
  if (!prepared.ok) return prepared;
  const { document, version, keptAs } = prepared.value;
  try {
    // The smallest change into the version's text: blocks both texts share keep their identity, so
    // what others are typing in them survives and annotations stay anchored.
    await services.collabWrite.updateContent(documentId, user.id, services.content.decode([version.state]));
  } catch {
    // Storage refused the change (the text was frozen meanwhile, the disk is full; the collab server
    // logs why): the text did not change. The automatic version kept above is the current text: harmless.
    return fail(503, "form", "versions.errors.restoreFailed");
  }
  await recordAudit(db, {
    actorUserId: user.id,
    action: "document.version.restored",
    processId,
    targetType: "document",
    targetId: documentId,
    details: {
      title: document.title,
      version: version.summary.key,
      versionHash: version.summary.hash,
      ...(version.summary.round !== null ? { round: version.summary.round } : {}),
      ...(version.summary.name !== null ? { versionName: version.summary.name } : {}),
      keptAs,
    },
  });
  // As the integrity restore does: every open page of the document reloads its data (the version list too).
  services.events.emit("document.changed", { documentId, processId });
  return { ok: true, value: { key: version.summary.key, hash: version.summary.hash, keptAs } };
}
