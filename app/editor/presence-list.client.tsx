// Who is in the document (avatars from awareness; the server sets the identity). Client-only.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import type { WebsocketProvider } from "y-websocket";
import { presentUsers, type PresentUser } from "./presence.js";

const MAX_AVATARS = 8;

export function Presence({ provider }: { provider: WebsocketProvider }) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<PresentUser[]>([]);
  useEffect(() => {
    const { awareness } = provider;
    // Awareness changes on every remote caret move; re-render only when who is here changes.
    const update = () => {
      const next = presentUsers(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID);
      const key = (list: PresentUser[]) => list.map((u) => `${u.clientId}|${u.name}|${u.color}|${u.role}`).join("\n");
      setUsers((prev) => (key(prev) === key(next) ? prev : next));
    };
    update();
    awareness.on("change", update);
    return () => awareness.off("change", update);
  }, [provider]);
  const shown = useMemo(() => users.slice(0, MAX_AVATARS), [users]);
  const hidden = users.length - shown.length;
  const describe = (u: PresentUser) => {
    const role = u.role ? t(`editor.roles.${u.role}`, { defaultValue: u.role }) : null;
    const who = role ? t("editor.presence.personWithRole", { name: u.name, role }) : t("editor.presence.person", { name: u.name });
    return u.isSelf ? t("editor.presence.you", { name: who }) : who;
  };
  return (
    <ul className="editor-presence" aria-label={t("editor.presence.label")}>
      {shown.map((u) => (
        <li key={u.clientId} className="editor-presence-item" title={describe(u)}>
          <span className={`editor-avatar${u.isSelf ? " is-self" : ""}`} style={{ backgroundColor: u.color, color: u.textColor }} aria-hidden="true">
            {u.initials}
          </span>
          <span className="visually-hidden">{describe(u)}</span>
        </li>
      ))}
      {hidden > 0 ? <li className="editor-presence-more">{t("editor.presence.more", { count: hidden })}</li> : null}
    </ul>
  );
}
