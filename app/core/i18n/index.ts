import i18next, { type i18n } from "i18next";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from "../languages.js";
import { en } from "./en.js";
import { fr } from "./fr.js";

// Translations are bundled with the code (no fetch of JSON files on a slow network).
export const resources = { en: { translation: en }, fr: { translation: fr } } as const;

/** A fresh i18next instance fixed to one language (one per server request; one in the browser). */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    initImmediate: false, // resources are in memory: initialize synchronously
    returnNull: false,
  });
  return instance;
}
