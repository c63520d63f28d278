import { trimVisible } from "../core/text.js";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Sql } from "../storage/sql.server.js";
import { DOCUMENT_KINDS, type DocumentKind } from "../core/documents.js";
import { newItemId } from "../core/ids.js";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../core/languages.js";
import { getTemplate, templateDocument } from "../core/templates.js";
import { documentFacts, type DocumentStatus } from "../core/policy.js";
import type { Visibility } from "../core/annotations/types.js";
import { AccessDeniedError, authorize, notFound, type ProcessAccess, type UserRef } from "./access.server.js";
import { seedStoredState } from "../storage/collab-store.server.js";
import { recordAudit } from "./audit.server.js";
import type { Services } from "./context.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "./input.server.js";
import { getProcess } from "./processes.server.js";
import { getAdoptedRound } from "./signoff/read.server.js";

export interface DocumentRecord {
  id: string;
  processId: string;
  kind: DocumentKind;
  title: string;
  status: DocumentStatus;
  templateId: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  lastEditedBy: string | null;
  lastEditedByName: string | null;
  lastEditedAt: number | null;
  /** 1 for an original; n + 1 for the amendment of an adopted revision n (sign-off, issue 6). */
  revision: number;
  revisionOf: string | null;
  /** team: the mediation team only (new documents); shared: every member of the process. */
  visibility: Visibility;
  /** The language of the text, chosen at creation; null for documents older than the choice. */
  language: Language | null;
}

interface DocumentRow {
  id: string;
  process_id: string;
  kind: DocumentKind;
  title: string;
  status: DocumentStatus;
  template_id: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  last_edited_by: string | null;
  last_edited_by_name: string | null;
  last_edited_at: number | null;
  revision: number;
  revision_of: string | null;
  visibility: Visibility;
  language: string | null;
}

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    processId: row.process_id,
    kind: row.kind,
    title: row.title,
    status: row.status,
    templateId: row.template_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastEditedBy: row.last_edited_by,
    lastEditedByName: row.last_edited_by_name,
    lastEditedAt: row.last_edited_at,
    revision: row.revision,
    revisionOf: row.revision_of,
    visibility: row.visibility,
    language: row.language && isLanguage(row.language) ? row.language : null,
  };
}

const SELECT = `SELECT d.*, u.display_name AS last_edited_by_name FROM documents d LEFT JOIN users u ON u.id = d.last_edited_by`;

export async function getDocument(db: Sql, documentId: string): Promise<DocumentRecord | null> {
  const row = await db.get<DocumentRow>(`${SELECT} WHERE d.id = ?`, documentId);
  return row ? toDocument(row) : null;
}

/**
 * Guard for document routes: the document of this member's process that they may read, or a 404
 * exactly like an unknown id (another process's document; a team draft for a representative).
 */
export async function requireReadableDocument(
  db: Sql,
  access: Pick<ProcessAccess, "can" | "membership">,
  documentId: string | undefined,
): Promise<DocumentRecord> {
  const document = documentId ? await getDocument(db, documentId) : null;
  if (!document || document.processId !== access.membership.processId || !access.can("document.read", documentFacts(document))) throw notFound();
  return document;
}

/** Every document of a process, whoever may read it (for the server's own work: rights, events). */
export async function listDocuments(db: Sql, processId: string): Promise<DocumentRecord[]> {
  return (await db.all<DocumentRow>(`${SELECT} WHERE d.process_id = ? ORDER BY d.created_at DESC`, processId)).map(toDocument);
}

/** The documents of a process this member may read: a team-only document is not listed for anyone else. */
export async function listReadableDocuments(db: Sql, access: Pick<ProcessAccess, "can">, processId: string): Promise<DocumentRecord[]> {
  return (await listDocuments(db, processId)).filter((d) => access.can("document.read", documentFacts(d)));
}

/** The documents of a process this member may read, as the document lists show them (newest first). */
export async function documentListItems(db: Sql, access: Pick<ProcessAccess, "can">, processId: string) {
  return (await listReadableDocuments(db, access, processId)).map((d) => ({
    id: d.id,
    kind: d.kind,
    title: d.title,
    status: d.status,
    lastEditedByName: d.lastEditedByName,
    lastEditedAt: d.lastEditedAt,
    revision: d.revision,
    visibility: d.visibility,
  }));
}

export const documentSchema = z
  .object({
    kind: z.enum(DOCUMENT_KINDS, { error: "documentErrors.kindInvalid" }),
    title: z
      .string({ error: "documentErrors.titleRequired" })
      .overwrite(trimVisible)
      .min(1, { error: "documentErrors.titleRequired" })
      .max(200, { error: "documentErrors.titleTooLong" }),
    // Empty or "blank": no template (the base rules of the kind still apply, see templateForDocument).
    template: z
      .string()
      .optional()
      .transform((v) => (v && v !== "blank" ? v : null)),
    // Absent: the default (documentLanguageDefault); otherwise one of the process's languages (checked with the process).
    language: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || isLanguage(v), { error: "documentErrors.languageInvalid" }),
  })
  .refine((d) => d.template === null || getTemplate(d.template)?.kind === d.kind, {
    path: ["template"],
    error: "templates.invalid",
  });
export type DocumentInput = z.output<typeof documentSchema>;

/** 16 random bytes, base64url: unguessable, and valid as a collab document name. */
export function newDocumentId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * The one place a document row is born, in drafting: a new document (createDocument) or the
 * amended revision of an adopted one (amendDocument). Runs inside the caller's transaction.
 */
async function insertDocument(
  db: Sql,
  d: {
    id: string;
    processId: string;
    kind: DocumentKind;
    title: string;
    templateId: string | null;
    language: Language | null;
    createdBy: string;
    at: number;
    revisionOf?: { id: string; revision: number };
  },
): Promise<void> {
  await db.run(
    // Born team-only, an amendment too: the team drafts before the parties see it (the facilitator shares it).
    `INSERT INTO documents (id, process_id, kind, title, status, template_id, language, created_by, created_at, updated_at, revision_of, revision, visibility)
     VALUES (?, ?, ?, ?, 'drafting', ?, ?, ?, ?, ?, ?, ?, 'team')`,
    d.id,
    d.processId,
    d.kind,
    d.title,
    d.templateId,
    d.language,
    d.createdBy,
    d.at,
    d.at,
    d.revisionOf?.id ?? null,
    d.revisionOf ? d.revisionOf.revision + 1 : 1,
  );
}

/** The working languages of a process, in their stored order. */
export async function processLanguages(db: Sql, processId: string): Promise<Language[]> {
  return (await getProcess(db, processId))?.languages ?? [];
}

/**
 * The language a new document is proposed in: the process's only language; in a bilingual process,
 * the language of its latest document (the team's working language so far), else the creator's
 * interface language. The creator may choose the other one on the form.
 */
export async function documentLanguageDefault(db: Sql, processId: string, interfaceLanguage: Language): Promise<Language> {
  const languages = await processLanguages(db, processId);
  if (languages.length <= 1) return languages[0] ?? DEFAULT_LANGUAGE;
  const latest = await db.get<{ language: string }>(
    "SELECT language FROM documents WHERE process_id = ? AND language IS NOT NULL ORDER BY created_at DESC, id LIMIT 1",
    processId,
  );
  if (latest && isLanguage(latest.language) && languages.includes(latest.language)) return latest.language;
  return languages.includes(interfaceLanguage) ? interfaceLanguage : languages[0]!;
}

/** The language a document's text is in: its own, or for older documents the process's first. */
export async function documentLanguage(db: Sql, document: Pick<DocumentRecord, "language" | "processId">): Promise<Language> {
  return document.language ?? (await processLanguages(db, document.processId))[0] ?? DEFAULT_LANGUAGE;
}

/**
 * Creates a document in a process (facilitators and mediators, per the policy). With
 * amendDocument, the only way documents are born (both through insertDocument): the template is
 * seeded on the server, in the same transaction, so that it is seeded exactly once.
 */
export async function createDocument(
  services: Pick<Services, "db" | "content">,
  user: UserRef,
  processId: string,
  raw: RawInput,
  /** The creator's interface language: the default's last resort (documentLanguageDefault). */
  interfaceLanguage: Language = DEFAULT_LANGUAGE,
): Promise<Outcome<DocumentRecord>> {
  const parsed = parseInput(documentSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const id = newDocumentId();
  const now = Date.now();
  const template = parsed.data.template ? getTemplate(parsed.data.template)! : null;
  return await db.transaction(async (tx): Promise<Outcome<DocumentRecord>> => {
    await authorize(tx, processId, user, "document.create");
    const chosen = parsed.data.language as Language | null;
    if (chosen && !(await processLanguages(tx, processId)).includes(chosen)) return fail(400, "language", "documentErrors.languageNotOfProcess");
    const language = chosen ?? (await documentLanguageDefault(tx, processId, interfaceLanguage));
    await insertDocument(tx, {
      id,
      processId,
      kind: parsed.data.kind,
      title: parsed.data.title,
      templateId: template?.id ?? null,
      language,
      createdBy: user.id,
      at: now,
    });
    if (template) {
      // Seeded here, on the server, in the transaction that creates the row: the template's text is
      // the document's first stored update before anyone can open it, so clients only ever sync it
      // (two people opening a brand-new document at once can never both insert the template).
      const state = services.content.encode(templateDocument(template, language, newItemId));
      await seedStoredState(tx, id, state, user.id, now);
    }
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "document.created",
      processId,
      targetType: "document",
      targetId: id,
      details: {
        kind: parsed.data.kind,
        title: parsed.data.title,
        templateId: template?.id ?? null,
        templateVersion: template?.version ?? null,
        language,
      },
    });
    return { ok: true, value: (await getDocument(tx, id))! };
  });
}

/**
 * Amend (facilitator): a new document revision in drafting whose text starts as the adopted
 * snapshot. The adopted document, its stored text and its sign-off record are not touched.
 */
export async function amendDocument(services: Pick<Services, "db">, user: UserRef, processId: string, documentId: string): Promise<Outcome<{ id: string }>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<{ id: string }>> => {
    const document = await getDocument(tx, documentId);
    // Another process's document answers like a missing one.
    if (!document || document.processId !== processId) throw new AccessDeniedError(404);
    await authorize(tx, processId, user, "signoff.amend", documentFacts(document));
    const existing = await tx.get<{ id: string }>("SELECT id FROM documents WHERE revision_of = ?", documentId);
    if (existing) return fail(409, "form", "signoff.errors.alreadyAmended");
    const round = await getAdoptedRound(tx, documentId);
    if (!round) return fail(409, "form", "signoff.errors.notAdopted");
    const id = newDocumentId();
    const now = Date.now();
    await insertDocument(tx, {
      id,
      processId,
      kind: document.kind,
      title: document.title,
      templateId: document.templateId,
      // The amended text is the adopted one: the same language.
      language: document.language,
      createdBy: user.id,
      at: now,
      revisionOf: { id: documentId, revision: document.revision },
    });
    // The adopted snapshot becomes the first stored update of the new revision.
    await seedStoredState(tx, id, round.snapshot, user.id, now);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "document.amended",
      processId,
      targetType: "document",
      targetId: id,
      details: { title: document.title, revisionOf: documentId, revision: document.revision + 1, versionHash: round.version_hash },
    });
    return { ok: true, value: { id } };
  });
}

const visibilitySchema = z.object({
  visibility: z.enum(["team", "shared"], { error: "documents.visibility.invalid" }),
});

/**
 * Share a team draft with every member, or take it back to the team (facilitator, while drafting).
 * Taking it back closes the live connections of members who may no longer read it (the caller
 * emits document.changed; the collab server re-decides every connection of the document).
 */
export async function setDocumentVisibility(
  services: Pick<Services, "db" | "events">,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<DocumentRecord>> {
  const parsed = parseInput(visibilitySchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  let changed = false;
  const result = await db.transaction(async (tx): Promise<Outcome<DocumentRecord>> => {
    const document = await getDocument(tx, documentId);
    if (!document || document.processId !== processId) throw new AccessDeniedError(404);
    await authorize(tx, processId, user, "document.read", documentFacts(document));
    await authorize(tx, processId, user, "document.share", documentFacts(document));
    if (document.visibility === parsed.data.visibility) return { ok: true, value: document };
    changed = true;
    await tx.run("UPDATE documents SET visibility = ?, updated_at = ? WHERE id = ?", parsed.data.visibility, Date.now(), documentId);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: parsed.data.visibility === "shared" ? "document.shared" : "document.unshared",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { title: document.title },
    });
    return { ok: true, value: (await getDocument(tx, documentId))! };
  });
  // Rights changed: live connections are re-decided (a representative's socket closes on un-share).
  if (changed) services.events.emit("document.changed", { documentId, processId });
  return result;
}
