import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nProvider } from "~/core/i18n/react.js";
import { createI18n } from "./core/i18n/index.js";
import { resolveLanguage } from "./domain/locale.server.js";
import { NonceProvider } from "./components/nonce.js";
import { redactPath } from "./core/redact-path.js";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const i18n = createI18n(resolveLanguage(request, loadContext));
  const nonce = loadContext.cspNonce;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nProvider>
      </NonceProvider>,
      {
        nonce,
        // Wait for the whole document: pages are small and crawlers/slow devices get complete HTML.
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * A loader or action that failed: the page says only "Something went wrong", so the cause goes to
 * the log (a JSON line, as every server log line), with the path but never its query (tokens).
 * Aborted requests (the client went away) are not errors.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  const e = error instanceof Error ? error : new Error(String(error));
  const path = redactPath(new URL(request.url).pathname);
  process.stderr.write(
    JSON.stringify({
      level: "error",
      time: new Date().toISOString(),
      msg: "request failed",
      path,
      error: e.message,
      statement: (e as { statement?: string }).statement,
      stack: e.stack,
    }) + "\n",
  );
}
