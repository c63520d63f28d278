import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs, ShouldRevalidateFunction } from "@remix-run/react";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { hasLateStrings, loadLateStrings } from "./core/i18n/client.js";
import { useTranslation } from "~/core/i18n/react.js";
import { AppShell } from "./components/app-shell.js";
import { useNonce } from "./components/nonce.js";
import { DEFAULT_LANGUAGE } from "./core/languages.js";
import { translator } from "./domain/i18n.server.js";
import { getUser } from "./domain/auth.server.js";
import { languageChunks } from "./domain/language-chunks.server.js";
import { notificationCount } from "./domain/notifications.server.js";
import { resolveLanguage } from "./domain/locale.server.js";
import { isDocumentPage } from "./service-worker/rules.js";
import stylesheet from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// Routes with their own meta (a process, a document) replace this title; the viewport is static below.
// The name comes from the loader: the browser holds one language's strings, and not at module load.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.appName ?? "" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = getUser(context);
  const language = resolveLanguage(request, context);
  return json({
    language,
    appName: translator(language)("app.name"),
    // This language's strings, preloaded so the entry does not wait a round trip for them.
    messagesChunk: languageChunks().early[language] ?? null,
    // The rest of them, which every page but a document's loads before hydrating (core/i18n/late.ts).
    lateMessagesChunk: isDocumentPage(new URL(request.url)) ? null : (languageChunks().late[language] ?? null),
    user: user
      ? { displayName: user.displayName, email: user.email, isAdmin: user.isAdmin, notificationCount: await notificationCount(context.services.db, user) }
      : null,
  });
}

// The header's count follows every navigation, not only full loads and form posts: this loader is
// a session lookup already made plus a few indexed queries (README, bench:notifications).
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

// A document page hydrates without the strings of other screens (core/i18n/late.ts): the first
// client-side navigation waits for them here, fetched alongside the loaders' data, so the next page
// never renders with a key in place of its text. Not run on hydration (the server's data is used);
// a revalidation after a document page's own action, or a move to another document, needs none.
export async function clientLoader({ request, serverLoader }: ClientLoaderFunctionArgs) {
  const needed = !hasLateStrings() && !isDocumentPage(new URL(request.url));
  // A chunk that cannot be fetched (offline, never cached) must not fail the navigation: the page
  // then shows a missing key for a moment and fetches the chunk again (client.ts).
  const [data] = await Promise.all([serverLoader<typeof loader>(), needed ? loadLateStrings().catch(() => undefined) : null]);
  return data;
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const language = data?.language ?? DEFAULT_LANGUAGE;
  const { i18n } = useTranslation();
  const nonce = useNonce();
  // Client-side navigations (sign-in, language switch) may change the language chosen by the server.
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [i18n, language]);
  return (
    <html lang={language} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {data?.messagesChunk ? <link rel="modulepreload" href={data.messagesChunk} /> : null}
        {data?.lateMessagesChunk ? <link rel="modulepreload" href={data.lateMessagesChunk} /> : null}
      </head>
      <body>
        <AppShell user={data?.user ?? null} language={language}>
          {children}
        </AppShell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <div className="page narrow">
      <h1>{notFound ? t("errors.notFoundTitle") : t("errors.unexpectedTitle")}</h1>
      <p>{notFound ? t("errors.notFound") : t("errors.unexpected")}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </div>
  );
}
