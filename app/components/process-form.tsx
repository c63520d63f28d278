import { useTranslation } from "~/core/i18n/react.js";
import { LANGUAGES, type Language } from "../core/languages.js";
import { Field } from "./forms.js";

export interface ProcessDefaults {
  title: string;
  locality: string;
  region: string;
  description: string;
  languages: Language[];
}

/** The fields of a process (create and edit). Errors are i18n keys from the action. */
export function ProcessFields({ defaults, errors, disabled }: { defaults?: ProcessDefaults; errors: Record<string, string>; disabled?: boolean }) {
  const { t } = useTranslation();
  const describedBy = ["languages-hint", errors.languages ? "languages-error" : null].filter(Boolean).join(" ");
  return (
    <fieldset className="stack plain-fieldset" disabled={disabled}>
      <Field
        name="title"
        label={t("processes.title")}
        hint={t("processes.titleHint")}
        required
        maxLength={200}
        defaultValue={defaults?.title}
        error={errors.title}
      />
      <Field name="locality" label={t("processes.locality")} required maxLength={120} defaultValue={defaults?.locality} error={errors.locality} />
      <Field
        name="region"
        label={t("processes.region")}
        hint={t("processes.regionHint")}
        maxLength={120}
        defaultValue={defaults?.region}
        error={errors.region}
      />
      <div className="field">
        <label htmlFor="field-description">{t("processes.description")}</label>
        <p className="field-hint" id="field-description-hint">
          {t("processes.descriptionHint")}
        </p>
        <textarea
          id="field-description"
          name="description"
          rows={4}
          maxLength={4000}
          defaultValue={defaults?.description}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={["field-description-hint", errors.description ? "field-description-error" : null].filter(Boolean).join(" ")}
        />
        {errors.description ? (
          <p className="field-error" id="field-description-error">
            {t(errors.description)}
          </p>
        ) : null}
      </div>
      <fieldset className="field checkbox-group" aria-describedby={describedBy} aria-invalid={errors.languages ? true : undefined}>
        <legend>{t("processes.languages")}</legend>
        <p className="field-hint" id="languages-hint">
          {t("processes.languagesHint")}
        </p>
        {LANGUAGES.map((l) => (
          <label key={l} className="checkbox">
            <input type="checkbox" name="languages" value={l} defaultChecked={defaults ? defaults.languages.includes(l) : true} />
            {t(`languages.${l}`)}
          </label>
        ))}
        {errors.languages ? (
          <p className="field-error" id="languages-error">
            {t(errors.languages)}
          </p>
        ) : null}
      </fieldset>
    </fieldset>
  );
}
