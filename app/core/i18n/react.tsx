// React binding of our translation (in place of react-i18next): a provider at the top of the tree
// (entry.client, entry.server, tests) and `useTranslation()` returning `{ t, i18n }` as before, so
// call sites did not change. Components render again when the language changes.
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { I18n, TFunction } from "./translate.js";

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ i18n, children }: { i18n: I18n; children?: ReactNode }) {
  return <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>;
}

export function useTranslation(): { t: TFunction; i18n: I18n } {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useTranslation: no <I18nProvider> above this component");
  const t = useSyncExternalStore(
    i18n.subscribe,
    () => i18n.t,
    () => i18n.t,
  );
  return useMemo(() => ({ t, i18n }), [t, i18n]);
}

export type { TFunction } from "./translate.js";
