import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { useTranslation } from "~/core/i18n/react.js";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  hint?: string;
  /** i18n key of the error for this field, as returned by the action. */
  error?: string;
}

/** A labelled input whose hint and error are tied to it for screen readers. */
export function Field({ name, label, hint, error, id, ...input }: FieldProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <FieldHint fieldId={fieldId} hint={hint} />
      <input id={fieldId} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedByOf(fieldId, hint, error)} {...input} />
      <FieldError fieldId={fieldId} error={error} />
    </div>
  );
}

function FieldHint({ fieldId, hint }: { fieldId: string; hint?: string }) {
  return hint ? (
    <p className="field-hint" id={`${fieldId}-hint`}>
      {hint}
    </p>
  ) : null;
}

/** The ids a field's hint and error carry, for its `aria-describedby`. */
function describedByOf(fieldId: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ") || undefined;
}

function FieldError({ fieldId, error }: { fieldId: string; error?: string }) {
  const { t } = useTranslation();
  return error ? (
    <p className="field-error" id={`${fieldId}-error`}>
      {t(error)}
    </p>
  ) : null;
}

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: string;
  hint?: string;
  /** i18n key of the error for this field, as returned by the action. */
  error?: string;
}

/** A labelled textarea whose hint and error are tied to it for screen readers (like Field). */
export function TextAreaField({ name, label, hint, error, id, ...textarea }: TextAreaFieldProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <FieldHint fieldId={fieldId} hint={hint} />
      <textarea id={fieldId} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedByOf(fieldId, hint, error)} {...textarea} />
      <FieldError fieldId={fieldId} error={error} />
    </div>
  );
}

interface ChoiceFieldProps {
  name: string;
  /** Prefix of the ids; set it when one page has several forms with the same field. */
  id?: string;
  legend: string;
  options: { value: string; label: string }[];
  hint?: string;
  error?: string;
  /** Controlled (value + onChange) or uncontrolled with nothing chosen in advance. */
  value?: string;
  onChange?: (value: string) => void;
  required?: boolean;
}

/** A group of radio buttons in a fieldset, its hint and error tied to the group and to each button. */
export function ChoiceField({ name, id, legend, options, hint, error, value, onChange, required }: ChoiceFieldProps) {
  const fieldId = id ?? `field-${name}`;
  const describedBy = describedByOf(fieldId, hint, error);
  return (
    <fieldset className="field" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <FieldHint fieldId={fieldId} hint={hint} />
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="radio"
            name={name}
            value={o.value}
            required={required}
            aria-invalid={error ? true : undefined}
            {...(onChange ? { checked: value === o.value, onChange: () => onChange(o.value) } : {})}
          />{" "}
          {o.label}
        </label>
      ))}
      <FieldError fieldId={fieldId} error={error} />
    </fieldset>
  );
}

interface SelectFieldProps {
  name: string;
  /** Defaults to `field-<name>`; set it when one page has several forms with the same field. */
  id?: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  error?: string;
  hint?: string;
  onChange?: (value: string) => void;
}

export function SelectField({ name, id, label, options, defaultValue, error, hint, onChange }: SelectFieldProps) {
  const { t } = useTranslation();
  const fieldId = id ?? `field-${name}`;
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      <select
        id={fieldId}
        name={name}
        defaultValue={defaultValue}
        onChange={onChange ? (e) => onChange(e.currentTarget.value) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

/** Form-wide message (e.g. wrong credentials), announced to screen readers. */
export function FormAlert({ message, tone = "error" }: { message?: string | null; tone?: "error" | "success" }) {
  if (!message) return null;
  return (
    <div className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {message}
    </div>
  );
}

export function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`card-${title.replace(/\W+/g, "-")}`}>
      <h2 id={`card-${title.replace(/\W+/g, "-")}`}>{title}</h2>
      {children}
    </section>
  );
}
