// Exporting a document: which version, which format, for whom (the policy), the model built once,
// the renderer, and the audit event. The route only turns the outcome into a download.
import { z } from "zod";
import { documentFacts } from "../../core/policy.js";
import { EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS, EXPORT_FORMATS, type ExportFormat } from "../../core/exports.js";
import { LANGUAGES, type Language } from "../../core/languages.js";
import type { ProcessAccess } from "../access.server.js";
import { readableThreads, readerFromAccess } from "../annotations/store.server.js";
import { recordAudit } from "../audit.server.js";
import { listCategories } from "../categories.server.js";
import type { Services } from "../context.server.js";
import { toEditorCategories } from "../document-validation.server.js";
import type { DocumentRecord } from "../documents.server.js";
import { fail, type Outcome, parseInput, type RawInput } from "../input.server.js";
import { getProcess } from "../processes.server.js";
import { listRounds } from "../signoff/read.server.js";
import { buildExportModel } from "./build.server.js";
import { renderDocx } from "./docx.server.js";
import { renderMarkdown } from "./markdown.js";
import type { ExportModel } from "./model.js";
import { renderPdf, renderSignatureSheet } from "./pdf.server.js";
import { exportableVersions, type ExportableVersion, loadVersion, VersionIntegrityError } from "./versions.server.js";

export const exportSchema = z.object({
  version: z.string().regex(/^(draft|adopted|round-[1-9]\d{0,4})$/, { error: "exports.errors.version" }),
  format: z.enum(EXPORT_FORMATS, { error: "exports.errors.format" }),
  lang: z.enum(LANGUAGES, { error: "exports.errors.language" }).optional(),
  // A checkbox: "1" (or "on") when ticked, absent otherwise.
  notes: z
    .enum(["1", "on", "0", ""], { error: "errors.invalid" })
    .optional()
    .transform((v) => v === "1" || v === "on"),
});

export interface ExportFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
}

const RENDERERS: Record<ExportFormat, (model: ExportModel) => Promise<Uint8Array> | Uint8Array> = {
  md: (model) => new TextEncoder().encode(renderMarkdown(model)),
  docx: renderDocx,
  pdf: renderPdf,
  signatures: renderSignatureSheet,
};

/** A model's file in one format (what the route serves and the benchmark measures). */
export async function renderExport(format: ExportFormat, model: ExportModel): Promise<Uint8Array> {
  return await RENDERERS[format](model);
}

/**
 * The language a file is written in when the request names none: the document's own (chosen at
 * creation) when the process still works in it; for older documents the reader's own when the
 * process works in it, else the process's first.
 */
function defaultLanguage(languages: readonly Language[], reader: Language, document: Pick<DocumentRecord, "language">): Language {
  if (document.language && languages.includes(document.language)) return document.language;
  return languages.includes(reader) ? reader : (languages[0] ?? reader);
}

export async function exportDocument(
  services: Pick<Services, "db" | "content">,
  access: ProcessAccess,
  document: DocumentRecord,
  input: RawInput,
  readerLanguage: Language,
): Promise<Outcome<ExportFile>> {
  const parsed = parseInput(exportSchema, input);
  if (!parsed.ok) return parsed;
  const { version: key, format, notes } = parsed.data;
  const { db } = services;
  const process = await getProcess(db, document.processId);
  if (!process) return fail(404, "version", "exports.errors.version");

  // The version, the rounds and the threads are read in one transaction: one consistent moment.
  let read: Awaited<ReturnType<typeof readVersion>>;
  try {
    read = await db.transaction((tx) => readVersion({ ...services, db: tx }, access, document, key, notes));
  } catch (error) {
    if (error instanceof VersionIntegrityError) return fail(409, "form", "exports.errors.integrity");
    throw error;
  }
  if (!read) return fail(404, "version", "exports.errors.version");
  const { version, rounds, threads } = read;
  if (format === "signatures" && version.kind === "draft") return fail(400, "format", "exports.errors.signatures");
  const facts = { ...documentFacts(document), exportVersion: version.kind, exportFormat: format, exportNotes: notes };
  if (!access.can("export", facts)) {
    // Asking for the team's annotations is refused as such; anything else by what the member may have.
    return notes ? fail(403, "notes", "exports.errors.notes") : fail(403, "form", "exports.errors.notAllowed");
  }

  const language = parsed.data.lang ?? defaultLanguage(process.languages, readerLanguage, document);
  const located = threads
    ? services.content.locate(
        version.updates,
        threads.map((t) => t.anchor),
      )
    : [];
  const model = buildExportModel({
    language,
    format,
    process,
    document,
    version,
    json: services.content.decode(version.updates),
    categories: toEditorCategories(await listCategories(db, document.processId)),
    rounds,
    notes: threads ? threads.map((thread, i) => ({ thread, itemId: located[i] ?? null })) : null,
    now: Date.now(),
  });
  const bytes = await renderExport(format, model);
  await recordAudit(db, {
    actorUserId: access.user.id,
    action: "document.exported",
    processId: document.processId,
    targetType: "document",
    targetId: document.id,
    details: { format, version: key, round: version.round, hash: version.hash, notes, language },
  });
  return { ok: true, value: { bytes, fileName: `${model.fileName}.${EXPORT_EXTENSIONS[format]}`, contentType: EXPORT_CONTENT_TYPES[format] } };
}

async function readVersion(services: Pick<Services, "db">, access: ProcessAccess, document: DocumentRecord, key: string, notes: boolean) {
  const { db } = services;
  const version = await loadVersion(db, document, key);
  if (!version) return null;
  const rounds = await listRounds(db, document.id);
  // Only the threads this member may read; the policy above refuses notes to anyone outside the team.
  const threads = notes ? await readableThreads(db, readerFromAccess(access, document), document.id) : null;
  return { version, rounds, threads };
}

/** What the export panel of the document page offers this member (only what the policy allows). */
export interface ExportPanelData {
  /** Versions with the formats this member may export each in. */
  versions: (ExportableVersion & { formats: ExportFormat[] })[];
  languages: Language[];
  defaultLanguage: Language;
  /** May ask for an internal export with the team's annotations. */
  mayIncludeNotes: boolean;
}

export async function exportPanel(db: Services["db"], access: ProcessAccess, document: DocumentRecord, readerLanguage: Language): Promise<ExportPanelData> {
  const process = await getProcess(db, document.processId);
  const languages = process?.languages.length ? process.languages : (["en"] as Language[]);
  const facts = documentFacts(document);
  const versions = (await exportableVersions(db, document))
    .map((v) => ({
      ...v,
      formats: EXPORT_FORMATS.filter(
        (format) =>
          !(format === "signatures" && v.kind === "draft") &&
          access.can("export", { ...facts, exportVersion: v.kind, exportFormat: format, exportNotes: false }),
      ),
    }))
    .filter((v) => v.formats.length > 0);
  return {
    versions,
    languages,
    defaultLanguage: defaultLanguage(languages, readerLanguage, document),
    mayIncludeNotes: versions.some((v) => access.can("export", { ...facts, exportVersion: v.kind, exportFormat: "pdf", exportNotes: true })),
  };
}
