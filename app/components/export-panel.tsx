import { useTranslation } from "~/core/i18n/react.js";
import type { ExportFormat } from "~/core/exports";
import { shortHash } from "~/core/signoff";
import type { ExportPanelData } from "~/domain/exports/export.server";
import { SelectField } from "./forms";

// The export card of a document page: a plain GET form (works without JavaScript) to the export
// resource route, offering only what the policy lets this member download.
export function ExportPanel({ data, processId, documentId }: { data: ExportPanelData; processId: string; documentId: string }) {
  const { t } = useTranslation();
  const action = `/processes/${processId}/documents/${documentId}/export`;
  const formats = [...new Set(data.versions.flatMap((v) => v.formats))] as ExportFormat[];
  const versionLabel = (v: ExportPanelData["versions"][number]) =>
    v.kind === "draft" ? t("exports.versions.draft") : t(`exports.versions.${v.kind}`, { number: v.round, hash: shortHash(v.hash ?? "") });
  const team = data.mayIncludeNotes;
  return (
    <section className="card export-panel" id="export" aria-labelledby="export-title">
      <h3 id="export-title">{t("exports.panel.title")}</h3>
      {data.versions.length === 0 ? (
        <p className="field-hint">{t("exports.panel.nothing")}</p>
      ) : (
        <form method="get" action={action} className="export-form">
          <p className="field-hint">{team ? t("exports.panel.hint") : t("exports.panel.onlyAdopted")}</p>
          {data.versions.length > 1 ? (
            <SelectField
              id="export-version"
              name="version"
              label={t("exports.panel.version")}
              options={data.versions.map((v) => ({ value: v.key, label: versionLabel(v) }))}
              hint={data.versions.some((v) => v.kind !== "draft") ? t("exports.panel.frozenNote") : undefined}
            />
          ) : (
            <>
              <input type="hidden" name="version" value={data.versions[0]!.key} />
              <p>{t("exports.panel.versionLine", { version: versionLabel(data.versions[0]!) })}</p>
            </>
          )}
          {formats.length > 1 ? (
            <SelectField
              id="export-format"
              name="format"
              label={t("exports.panel.format")}
              options={formats.map((f) => ({ value: f, label: t(`exports.formats.${f}`) }))}
            />
          ) : (
            <input type="hidden" name="format" value={formats[0]} />
          )}
          {data.languages.length > 1 ? (
            <SelectField
              id="export-lang"
              name="lang"
              label={t("exports.panel.language")}
              defaultValue={data.defaultLanguage}
              options={data.languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            />
          ) : (
            <input type="hidden" name="lang" value={data.defaultLanguage} />
          )}
          {team ? (
            <label className="choice">
              <input type="checkbox" name="notes" value="1" /> {t("exports.panel.notes")}
            </label>
          ) : null}
          <p>
            <button type="submit" className="button">
              {formats.length === 1 ? `${t("exports.panel.submit")} (${t(`exports.formats.${formats[0]}`)})` : t("exports.panel.submit")}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
