// The vocabulary of exports, shared by the policy, the domain and the export panel.

export const EXPORT_FORMATS = ["pdf", "docx", "md", "signatures"] as const;
/** `signatures` is the signature sheet of a round's frozen version (a PDF, one page per required category). */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which kind of version a file is made from: the live draft as stored, a round's frozen version, the adopted one. */
export type ExportVersionKind = "draft" | "frozen" | "adopted";

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  pdf: "application/pdf",
  signatures: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  md: "text/markdown; charset=utf-8",
};

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { pdf: "pdf", signatures: "pdf", docx: "docx", md: "md" };
