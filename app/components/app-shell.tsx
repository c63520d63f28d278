import { Form, Link, useLocation } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { LANGUAGES, type Language } from "../core/languages.js";
import { HELD_BACK_PREFIX, PENDING_CHANGES_PREFIX } from "../core/offline.js";
import { eraseOfflineCaches } from "../client/service-worker.js";
import { initialsOf } from "~/core/initials";
import { NotificationBadge } from "./notifications/notification-badge.js";

export interface ShellUser {
  displayName: string;
  email: string;
  isAdmin: boolean;
  /** Decisions needed plus notifications not seen yet (root loader). */
  notificationCount: number;
}

function LanguageSwitcher({ current }: { current: Language }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" className="lang-switcher" aria-label={t("nav.language")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LANGUAGES.map((lng) => (
        <button key={lng} type="submit" name="lng" value={lng} lang={lng} aria-pressed={lng === current} className="lang-option">
          {t(`languages.${lng}`)}
        </button>
      ))}
    </Form>
  );
}

/**
 * Signing out erases the documents kept on this device (Clear-Site-Data). If some changes typed
 * offline have not reached the server yet (or were set aside by a freeze), say so and let the
 * person stay signed in.
 */
export function confirmSignOut(t: (key: string, options?: Record<string, unknown>) => string) {
  return (event: FormEvent<HTMLFormElement>) => {
    let pending = 0;
    try {
      for (let i = 0; i < window.localStorage.length; i++) {
        const key = window.localStorage.key(i);
        if (key?.startsWith(PENDING_CHANGES_PREFIX)) pending += Number(window.localStorage.getItem(key)) || 0;
        // Changes a frozen version did not include exist only here too.
        else if (key?.startsWith(HELD_BACK_PREFIX)) pending += 1;
      }
    } catch {
      pending = 0; // storage unavailable: nothing kept on this device either
    }
    if (pending > 0 && !window.confirm(t("nav.signOutPending", { count: pending }))) {
      event.preventDefault();
      return;
    }
    // The pages kept for offline reading go too (the response's Clear-Site-Data repeats it).
    void eraseOfflineCaches();
  };
}

function AccountMenu({ user }: { user: ShellUser }) {
  const { t } = useTranslation();
  return (
    <details className="account-menu">
      {/* Named by hidden text, not aria-label: an aria-label that does not contain the visible
          text (avatar letter + name) fails axe's label-content-name-mismatch check. */}
      <summary>
        <span className="avatar" aria-hidden="true">
          {initialsOf(user.displayName).slice(0, 1)}
        </span>
        <span className="account-name" aria-hidden="true">
          {user.displayName}
        </span>
        <span className="visually-hidden">{t("nav.accountMenu", { name: user.displayName })}</span>
      </summary>
      <div className="account-menu-panel">
        <p className="account-email">{user.email}</p>
        <Link to="/account">{t("nav.settings")}</Link>
        {user.isAdmin ? <Link to="/admin">{t("nav.admin")}</Link> : null}
        <Form method="post" action="/logout" onSubmit={confirmSignOut(t)}>
          <button type="submit" className="link-button">
            {t("nav.signOut")}
          </button>
        </Form>
      </div>
    </details>
  );
}

export function AppShell({ user, language, children }: { user: ShellUser | null; language: Language; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a href="#main" className="skip-link">
        {t("app.skipToContent")}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          {t("app.name")}
        </Link>
        <nav className="header-actions" aria-label={t("nav.account")}>
          {user ? (
            <Link to="/" className="header-link">
              {t("nav.home")}
            </Link>
          ) : null}
          {user ? <NotificationBadge count={user.notificationCount} /> : null}
          <LanguageSwitcher current={language} />
          {user ? (
            <AccountMenu user={user} />
          ) : (
            <Link to="/login" className="button button-secondary">
              {t("nav.signIn")}
            </Link>
          )}
        </nav>
      </header>
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
