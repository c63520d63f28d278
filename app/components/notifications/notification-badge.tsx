import { Link } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";

export const WAITING_LIST_ID = "waiting-for-you";

/**
 * The header's count of what waits for the signed-in person (decisions needed + entries not seen),
 * a link to the dashboard's list. The number is visible; the link's name says what it counts (a
 * screen reader hears "3 items waiting for you", not "3").
 */
export function NotificationBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <Link to={`/#${WAITING_LIST_ID}`} className={`notification-link${count ? " has-items" : ""}`} data-testid="notification-count">
      <svg className="notification-bell" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
        <path
          d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm0 19a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Z"
          fill="currentColor"
        />
      </svg>
      {count ? (
        <span className="notification-count" aria-hidden="true">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
      <span className="visually-hidden">{count ? t("notifications.badge", { count }) : t("notifications.badgeNone")}</span>
    </Link>
  );
}
