import type { TFunction } from "~/core/i18n/react.js";
import { ANNOTATION_TYPES, type AnnotationType } from "../core/annotations/types.js";
import { useTranslation } from "~/core/i18n/react.js";
import { categoryLabel, type CategoryLabels } from "../core/categories.js";
import { isLanguage, type Language } from "../core/languages.js";
import { isRole } from "../core/roles.js";
import { IN_PERSON_METHODS, type InPersonMethod } from "../core/signoff.js";
import { RELATION_KINDS, type RelationKind } from "../core/stakeholders/types.js";
import { getTemplate } from "../core/templates.js";
import { formatDate, useLanguage } from "./process.js";
import { isHexHash } from "./screens/hash-text.js";
import { HashValue } from "./screens/hash-value.js";

export interface AuditEntry {
  id: number;
  at: number;
  actorName: string | null;
  action: string;
  details: Record<string, unknown>;
}

// Detail keys shown to readers, in this order; anything else (internal ids) stays in the table only.
const DETAIL_KEYS = [
  "member",
  "title",
  "annotationType",
  "visibility",
  "previousRole",
  "role",
  "previousCategory",
  "category",
  "affiliation",
  "fields",
  "languages",
  "expiresAt",
  "language",
  "preferredLanguage",
  "admin",
  "via",
  "otherSessionsEnded",
  "round",
  "versionHash",
  "decision",
  "reason",
  "withoutAccount",
  "recordedByFacilitator",
  "method",
  "witness",
  "approvals",
  "revision",
  "templateId",
  "format",
  "actor",
  "previousName",
  "relation",
  "otherActor",
  "actors",
  "actorFields",
  "representatives",
] as const;

function isCategory(value: unknown): value is CategoryLabels {
  return typeof value === "object" && value !== null && "key" in value;
}

function isInPersonMethod(value: unknown): value is InPersonMethod {
  return typeof value === "string" && (IN_PERSON_METHODS as readonly string[]).includes(value);
}

/** An adoption's approvals: "Youth: Moussa; Women: Hawa (in person, thumbprint)". */
function approvalsText(value: unknown[], t: TFunction, language: Language): string {
  return value
    .map((entry) => {
      const { category, approvedBy } = (entry ?? {}) as { category?: unknown; approvedBy?: unknown };
      const names = (Array.isArray(approvedBy) ? approvedBy : []).map((a) => {
        const { name, inPerson, method, withoutAccount } = (a ?? {}) as { name?: unknown; inPerson?: unknown; method?: unknown; withoutAccount?: unknown };
        const how = [
          inPerson ? t("auditDetails.recordedByFacilitator") : null,
          isInPersonMethod(method) ? t(`signoff.method.${method}`) : null,
          withoutAccount ? t("signoff.withoutAccount") : null,
        ].filter(Boolean);
        return how.length ? `${String(name)} (${how.join(", ")})` : String(name);
      });
      // "?" is a display fallback only: an entry whose stored category is not in the expected
      // shape still shows its names (the audit log is append-only; nothing is decided from it).
      return `${isCategory(category) ? categoryLabel(category, language) : "?"}: ${names.join(", ")}`;
    })
    .join("; ");
}

function detailValue(key: string, value: unknown, t: TFunction, language: Language): string {
  if ((key === "role" || key === "previousRole") && isRole(value)) return t(`roles.${value}`);
  if ((key === "category" || key === "previousCategory") && isCategory(value)) return categoryLabel(value, language);
  if ((key === "languages" || key === "language" || key === "preferredLanguage") && (Array.isArray(value) || isLanguage(value))) {
    return (Array.isArray(value) ? value : [value]).map((l) => t(`languages.${String(l)}`)).join(", ");
  }
  if (key === "fields" && Array.isArray(value)) return value.map((f) => t(`processes.fields.${String(f)}`)).join(", ");
  if (key === "expiresAt" && typeof value === "number") return formatDate(value, language, true);
  if (key === "decision" && (value === "approve" || value === "object")) return t(`signoff.decision.${value}`);
  if (key === "method" && isInPersonMethod(value)) return t(`signoff.method.${value}`);
  if (key === "approvals" && Array.isArray(value)) return approvalsText(value, t, language);
  if (key === "annotationType" && isAnnotationType(value)) return t(`annotations.types.${value}`);
  if (key === "visibility" && (value === "team" || value === "shared")) return t(`documents.visibility.${value}`);
  if (key === "templateId" && typeof value === "string") return getTemplate(value)?.name[language] ?? value;
  if (key === "format" && typeof value === "string") {
    // A document's export names its format in words; the map's exports (CSV, SVG) by their usual names.
    const label = t(`exports.formats.${value}`);
    return label === `exports.formats.${value}` ? value.toUpperCase() : label;
  }
  if (key === "relation" && isRelationKind(value)) return t(`stakeholders.choices.relationNames.${value}`);
  if (key === "actorFields" && Array.isArray(value))
    return value.map((f) => t(`stakeholders.fields.${f === "categoryId" ? "category" : String(f)}`)).join(", ");
  if (typeof value === "boolean") return value ? t("audit.yes") : t("audit.no");
  return String(value);
}

/** An audit event's details as label/value pairs in the reader's language. */
export function describeDetails(details: Record<string, unknown>, t: TFunction, language: Language): { key: string; label: string; value: string }[] {
  return DETAIL_KEYS.filter((k) => details[k] !== undefined && details[k] !== null).map((k) => ({
    key: k,
    label: t(`auditDetails.${k}`),
    value: detailValue(k, details[k], t, language),
  }));
}

function isRelationKind(value: unknown): value is RelationKind {
  return typeof value === "string" && (RELATION_KINDS as readonly string[]).includes(value);
}

function isAnnotationType(value: unknown): value is AnnotationType {
  return typeof value === "string" && (ANNOTATION_TYPES as readonly string[]).includes(value);
}

/** The localized name of an action; unknown actions (from a newer version) show as stored. */
export function actionLabel(action: string, t: TFunction): string {
  const key = `auditActions.${action}`;
  const label = t(key);
  return label === key ? action : label;
}

export function AuditTable({ events, caption }: { events: AuditEntry[]; caption: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <table className="table table-stack audit-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("audit.when")}</th>
          <th scope="col">{t("audit.who")}</th>
          <th scope="col">{t("audit.what")}</th>
          <th scope="col">{t("audit.details")}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id}>
            {/* data-label: on a phone the rows stack and each cell says what it is (the head is hidden). */}
            <td data-label={t("audit.when")}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDate(e.at, language, true)}</time>
            </td>
            <td data-label={t("audit.who")}>{e.actorName ?? t("audit.unknownActor")}</td>
            <td data-label={t("audit.what")} data-action={e.action}>
              {actionLabel(e.action, t)}
            </td>
            <td data-label={t("audit.details")}>
              <dl className="audit-details">
                {describeDetails(e.details, t, language).map((d) => (
                  <div key={d.label}>
                    <dt>{d.label}</dt>
                    <dd>{d.key === "versionHash" && isHexHash(e.details[d.key]) ? <HashValue hash={d.value} /> : d.value}</dd>
                  </div>
                ))}
              </dl>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
