// The status shown while the editor is not usable yet (its code downloading, then its text being
// bound): on a 2 s / 500 kbps link that is many seconds, during which the readable text is shown.
// Its own module because both the shell (route chunk) and the editor (on-demand chunk) render it.
import { useTranslation } from "~/core/i18n/react.js";

/** Said politely (role="status") until the editor is bound: the readable text stays usable meanwhile. */
export function EditorLoading() {
  const { t } = useTranslation();
  return (
    <p className="editor-loading" role="status">
      {t("editor.loading")}
    </p>
  );
}
