// Server-side translation for loaders, through a `.server` module: the browser build replaces it
// with nothing, so a route's client chunk never pulls both languages' strings (app/core/i18n/index.ts
// merges them at module load, which a bundler cannot drop as unused).
export { createI18n, messages, translator } from "../core/i18n/index.js";
