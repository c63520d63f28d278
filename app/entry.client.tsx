import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { startOfflineSupport } from "./client/service-worker.js";
import { createI18n } from "./core/i18n/index.js";
import { DEFAULT_LANGUAGE, isLanguage } from "./core/languages.js";

// The server chose the language and wrote it in <html lang>; the client uses the same one.
const lang = document.documentElement.lang;
const i18n = createI18n(isLanguage(lang) ? lang : DEFAULT_LANGUAGE);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <RemixBrowser />
      </I18nextProvider>
    </StrictMode>,
  );
});

startOfflineSupport();
