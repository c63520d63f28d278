// What the document page's "Last edited" line says: the server's value when the page was rendered,
// then whatever edit last reached the server while the page is open (this device's, or another
// member's). Pure (unit-tested); the component renders it.
import { formatDate } from "../../core/dates.js";
import type { Language } from "../../core/languages.js";
import type { LiveEditBy } from "../../editor/live-edits.js";

export type LastEdit = { by: "stored"; name: string | null; at: number | null } | { by: LiveEditBy; at: number };

/** A live edit replaces what the line said, unless it is older (events can arrive out of order). */
export function laterEdit(current: LastEdit, edit: { by: LiveEditBy; at: number }): LastEdit {
  return current.at !== null && current.at > edit.at ? current : { by: edit.by, at: edit.at };
}

/** The i18n key and values of the line. */
export function lastEditedMessage(edit: LastEdit, language: Language): { key: string; values: Record<string, string> } {
  if (edit.by === "stored") {
    return edit.at !== null && edit.name
      ? { key: "documents.lastEditedLine", values: { name: edit.name, date: formatDate(edit.at, language, true) } }
      : { key: "documents.neverEdited", values: {} };
  }
  return { key: edit.by === "self" ? "screens.lastEdited.you" : "screens.lastEdited.others", values: { date: formatDate(edit.at, language, true) } };
}
