import type { EditorCategory } from "../core/categories.js";
import { getDocument } from "./documents.server.js";
import { templateForDocument, type Template } from "../core/templates.js";
import { validate, type Finding, type JsonNode } from "../core/validation.js";
import { listCategories } from "./categories.server.js";
import type { Services } from "./context.server.js";
import type { DocumentRecord } from "./documents.server.js";
import type { StoredReading } from "./context.server.js";
import type { StructureProblem } from "../core/schema/structure.js";

/** The process's categories as the editor refers to them, from a list the caller already read. */
export function toEditorCategories(categories: Awaited<ReturnType<typeof listCategories>>): EditorCategory[] {
  // Default categories are referred to by their stable key, process-specific ones by their id.
  return categories.map((c) => ({ ref: c.key ?? c.id, key: c.key, labelEn: c.labelEn, labelFr: c.labelFr }));
}

export async function editorCategories(services: Pick<Services, "db">, processId: string): Promise<EditorCategory[]> {
  return toEditorCategories(await listCategories(services.db, processId));
}

export interface DocumentValidation {
  template: Template;
  content: JsonNode;
  findings: Finding[];
  /** What the schema could not represent in the stored state (then a blocking finding says so). */
  problems: StructureProblem[];
}

/**
 * The findings of a document's STORED state: the same pure function the browser runs live, on
 * the ProseMirror JSON rebuilt on the server with the same schema. This is what sign-off will check.
 */
export async function validateStoredDocument(
  services: Pick<Services, "db" | "documentContent" | "content">,
  document: Pick<DocumentRecord, "id" | "processId" | "kind" | "templateId">,
  /** What the caller already read (a page reads and decodes storage once, and reads categories once). */
  loaded: { reading?: StoredReading; categories?: EditorCategory[] } = {},
): Promise<DocumentValidation> {
  const reading = loaded.reading ?? services.content.read((await services.documentContent.load(document.id)).updates);
  const { json: content, problems } = reading;
  const template = templateForDocument(document.templateId, document.kind);
  const findings = validate(template, content, loaded.categories ?? (await editorCategories(services, document.processId)));
  // A text nobody can fully see cannot be signed: what the reader had to leave out blocks sign-off.
  if (problems.length) {
    findings.unshift({ ruleId: "unreadable-structure", severity: "blocking", messageKey: "integrity.finding", params: { count: problems.length } });
  }
  return { template, content, findings, problems };
}

/**
 * What sign-off asks before a round opens: the blocking findings of the STORED state (the same
 * rules the editor shows live). A document that no longer exists has none to report.
 */
export function signoffChecksFor(services: Pick<Services, "db" | "documentContent" | "content">): Services["signoffChecks"] {
  return {
    async blockingFindings(documentId) {
      const document = await getDocument(services.db, documentId);
      if (!document) return [];
      const { findings } = await validateStoredDocument(services, document);
      return findings.filter((f) => f.severity === "blocking").map(({ ruleId, messageKey, params }) => ({ ruleId, messageKey, params }));
    },
  };
}
