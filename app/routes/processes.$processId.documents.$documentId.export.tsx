import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/core/i18n";
import { requireMember } from "~/domain/access.server";
import { requireReadableDocument } from "~/domain/documents.server";
import { exportDocument } from "~/domain/exports/export.server";
import { resolveLanguage } from "~/domain/locale.server";

// Resource route: GET ?version=draft|adopted|round-N&format=pdf|docx|md|signatures[&lang=fr][&notes=1]
// answers the file as a download (a plain GET form, so it works without JavaScript). A refusal keeps
// its status (400, 403, 404, 409) with a short page in the reader's language and a way back.
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const document = await requireReadableDocument(context.services.db, access, params.documentId);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const language = resolveLanguage(request, context);
  const result = await exportDocument(context.services, access, document, query, language);
  if (result.ok) {
    const { bytes, fileName, contentType } = result.value;
    // A copy typed on a plain ArrayBuffer (what Response accepts); files are at most a few MB.
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Content-Length": String(bytes.byteLength),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }
  const t = translator(language);
  const message = t(Object.values(result.errors)[0] ?? "errors.invalid");
  const back = `/processes/${encodeURIComponent(document.processId)}/documents/${encodeURIComponent(document.id)}`;
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t("exports.panel.title"))}</title></head><body><main><h1>${escapeHtml(t("exports.panel.title"))}</h1><p role="alert">${escapeHtml(message)}</p><p><a href="${back}">${escapeHtml(document.title)}</a></p></main></body></html>`;
  return new Response(html, {
    status: result.status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "X-Export-Error": Object.values(result.errors)[0] ?? "" },
  });
}
