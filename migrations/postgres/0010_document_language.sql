-- PostgreSQL twin of migrations/0010_document_language.sql. A document's language (issue 14):
-- chosen at creation among the process's working languages; the template's text is seeded in it,
-- its page declares it (lang) and its exports default to it. Documents that existed before keep
-- NULL: they read as the process's first language.
ALTER TABLE documents ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('en', 'fr'));
