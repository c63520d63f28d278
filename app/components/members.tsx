import { useTranslation } from "~/core/i18n/react.js";
import { categoryLabel, type CategoryLabels } from "../core/categories.js";
import { ROLES, type Role } from "../core/roles.js";
import { Field, SelectField } from "./forms.js";
import { useLanguage } from "./process.js";

/**
 * Role, category and affiliation of a member or of an invitation: the same three fields on the
 * members page (a member's edit form) and the invitations page (who the link is for).
 */
export function RoleFields({
  prefix,
  categories,
  errors,
  defaults,
}: {
  prefix: string;
  categories: (CategoryLabels & { id: string })[];
  errors: Record<string, string>;
  defaults?: { role: Role; categoryId: string | null; affiliation: string | null };
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <SelectField
        id={`${prefix}-role`}
        name="role"
        label={t("members.role")}
        defaultValue={defaults?.role ?? "representative"}
        options={ROLES.map((r) => ({ value: r, label: `${t(`roles.${r}`)} — ${t(`roleHints.${r}`)}` }))}
        error={errors.role}
      />
      <SelectField
        id={`${prefix}-category`}
        name="categoryId"
        label={t("members.category")}
        hint={t("members.categoryHint")}
        defaultValue={defaults?.categoryId ?? ""}
        options={[{ value: "", label: t("members.noCategory") }, ...categories.map((c) => ({ value: c.id, label: categoryLabel(c, language) }))]}
        error={errors.categoryId}
      />
      <Field
        id={`${prefix}-affiliation`}
        name="affiliation"
        label={t("members.affiliation")}
        hint={t("members.affiliationHint")}
        defaultValue={defaults?.affiliation ?? ""}
        maxLength={120}
        error={errors.affiliation}
      />
    </>
  );
}
