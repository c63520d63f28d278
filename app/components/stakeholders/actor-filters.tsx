// The filters of the stakeholder map's views (the table and the map), as a plain GET form: the
// query string is the view (bookmarkable, downloadable, usable without script). What a view does not
// show as a field (the table's sorting, the map's search words) travels as a hidden field.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import type { TableQuery } from "../../core/stakeholders/table.js";
import { GOVERNANCE_FUNCTIONS, ILLICIT_LINKS } from "../../core/stakeholders/types.js";

interface ActorFiltersProps {
  /** Prefix of the fields' ids (one page may have several forms). */
  idPrefix: string;
  query: TableQuery;
  /** The process's categories, named in the reader's language. */
  categories: readonly { id: string; label: string }[];
  /** Offer the search field (the table); otherwise the words searched are kept as they are. */
  search: boolean;
  /** Keep the sorting (the table's column links set it). */
  keepSort: boolean;
  ariaLabel: string;
  submitLabel: string;
  clear: { href: string; label: string } | null;
}

export function ActorFilters({ idPrefix, query, categories, search, keepSort, ariaLabel, submitLabel, clear }: ActorFiltersProps) {
  const { t } = useTranslation();
  const all = t("stakeholders.table.all");
  const select = (name: string, label: string, value: string | null, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`${idPrefix}-${name}`}>{label}</label>
      <select id={`${idPrefix}-${name}`} name={name} defaultValue={value ?? ""}>
        {[{ value: "", label: all }, ...options].map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Form method="get" className="filters" aria-label={ariaLabel}>
      {keepSort ? (
        <>
          <input type="hidden" name="sort" value={query.sort} />
          <input type="hidden" name="dir" value={query.dir} />
        </>
      ) : null}
      {search ? (
        <div className="field">
          <label htmlFor={`${idPrefix}-q`}>{t("stakeholders.table.search")}</label>
          <input id={`${idPrefix}-q`} name="q" type="search" defaultValue={query.q} maxLength={120} />
        </div>
      ) : query.q ? (
        <input type="hidden" name="q" value={query.q} />
      ) : null}
      {select("category", t("stakeholders.fields.category"), query.category, [
        ...categories.map((c) => ({ value: c.id, label: c.label })),
        { value: "none", label: t("stakeholders.choices.noCategory") },
      ])}
      {select(
        "fn",
        t("stakeholders.fields.functions"),
        query.fn,
        GOVERNANCE_FUNCTIONS.map((f) => ({ value: f, label: t(`stakeholders.choices.functions.${f}`) })),
      )}
      {select("represented", t("stakeholders.table.representation"), query.represented, [
        { value: "yes", label: t("stakeholders.choices.represented.yes") },
        { value: "no", label: t("stakeholders.choices.represented.no") },
      ])}
      {select(
        "illicit",
        t("stakeholders.fields.illicitLink"),
        query.illicit,
        ILLICIT_LINKS.map((l) => ({ value: l, label: t(`stakeholders.choices.illicit.${l}`) })),
      )}
      <div className="filters-actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
        {clear ? <Link to={clear.href}>{clear.label}</Link> : null}
      </div>
    </Form>
  );
}
