/**
 * The name of the Y.XmlFragment that holds a document's text: the editor binds Collaboration to
 * it, the server reads it, the version hash is computed over it. Nothing else in a document's
 * Y.Doc is part of its text. Pure (no imports) so every side can share the one name.
 */
export const DOCUMENT_FIELD = "default";
