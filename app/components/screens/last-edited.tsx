// The document page's "Last edited" line, live: rendered from the stored value (works without
// script), then updated when this device's edits are stored or another member's arrive
// (editor/live-edits.ts). A polite live region would speak at every keystroke of a co-author, so
// it is plain text: the line is read when someone goes to it.
import { useEffect, useState } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { onLiveEdit } from "~/editor/live-edits";
import { useLanguage } from "../process";
import { laterEdit, lastEditedMessage, type LastEdit } from "./last-edited-text";

export function LastEdited({ documentId, name, at }: { documentId: string; name: string | null; at: number | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [edit, setEdit] = useState<LastEdit>({ by: "stored", name, at });
  // New page data (a revalidation after a decision, another document): the stored value is the truth again.
  useEffect(() => setEdit({ by: "stored", name, at }), [documentId, name, at]);
  useEffect(() => onLiveEdit(documentId, (e) => setEdit((current) => laterEdit(current, e))), [documentId]);
  const { key, values } = lastEditedMessage(edit, language);
  return (
    <span className="document-last-edited" data-by={edit.by}>
      {t(key, values)}
    </span>
  );
}
