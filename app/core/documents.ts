/** Kinds of document a process drafts (docs/glossary.md). Labels live in messages/documents.ts. */
export const DOCUMENT_KINDS = ["agenda", "roadmap"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Collab document ids: URL-safe, also accepted by the collab server's /collab/<id> pattern. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
