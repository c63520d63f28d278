// React node view of agenda and roadmap items: the title and body are editable text (NodeViewContent,
// shared live like the rest), the fields are attrs edited through form controls. Read-only members
// see every field, disabled. Every control has a visible or programmatic label in both languages.
import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { DomainBadge } from "../components/domain-badge.js";
import { useLanguage } from "../components/process.js";
import { DOMAINS, domainLabel, isDomain, type Domain } from "../core/domains.js";
import { normalizeIndicators, normalizeParties, ROADMAP_STATUSES, type ResponsibleParty } from "../core/schema/items.js";
import { partyLabel, useEditable, useStructure } from "./structure.js";

export function ItemView({ node, updateAttributes, editor }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { categories } = useStructure();
  const uid = useId();
  // From context, not read once from the editor: a member switched to read-only live (role change, sign-off lock,
  // permission denied) must see every field lock at once.
  const editable = useEditable() && editor.isEditable;
  const isRoadmap = node.type.name === "roadmapItem";
  const domain: Domain = isDomain(node.attrs.domain) ? node.attrs.domain : "governance";
  const parties = normalizeParties(node.attrs.responsibleParties);
  const indicators = normalizeIndicators(node.attrs.indicators);
  const [actor, setActor] = useState("");

  const setParties = (next: ResponsibleParty[]) => updateAttributes({ responsibleParties: next });
  const addActor = () => {
    const name = actor.trim();
    if (!name) return;
    if (!parties.some((p) => p.type === "actor" && p.name === name)) setParties([...parties, { type: "actor", name }]);
    setActor("");
  };
  const unused = categories.filter((c) => !parties.some((p) => p.type === "category" && p.ref === c.ref));

  return (
    <NodeViewWrapper
      as="section"
      className={`doc-item doc-item--${domain}`}
      data-item={node.type.name}
      data-item-id={node.attrs.id ?? ""}
      data-domain={domain}
      aria-label={t(isRoadmap ? "items.roadmapItem" : "items.agendaItem")}
    >
      <div className="doc-item-head" contentEditable={false}>
        <DomainBadge domain={domain} />
        <label className="visually-hidden" htmlFor={`${uid}-domain`}>
          {t("items.domain")}
        </label>
        <select
          id={`${uid}-domain`}
          className="doc-item-domain"
          value={domain}
          disabled={!editable}
          onChange={(e) => updateAttributes({ domain: e.currentTarget.value })}
        >
          {DOMAINS.map((d) => (
            <option key={d} value={d}>
              {domainLabel(d, language)}
            </option>
          ))}
        </select>
        {isRoadmap ? (
          <>
            <label htmlFor={`${uid}-status`}>{t("items.status")}</label>
            <select
              id={`${uid}-status`}
              value={String(node.attrs.status ?? "planned")}
              disabled={!editable}
              onChange={(e) => updateAttributes({ status: e.currentTarget.value })}
            >
              {ROADMAP_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`items.statuses.${s}`)}
                </option>
              ))}
            </select>
          </>
        ) : null}
      </div>
      <NodeViewContent className="doc-item-content" />
      <fieldset className="doc-item-fields" contentEditable={false} aria-label={t("items.fields")}>
        <div className="doc-item-field">
          <span className="doc-item-label" id={`${uid}-parties`}>
            {t("items.responsibleParties")}
          </span>
          <ul className="doc-item-parties" aria-labelledby={`${uid}-parties`}>
            {parties.length === 0 ? <li className="muted">{t("items.noParties")}</li> : null}
            {parties.map((p, i) => {
              const name = partyLabel(p, categories, language);
              return (
                <li key={`${p.type}-${i}`} className={`party party--${p.type}`}>
                  {name}
                  {editable ? (
                    <button
                      type="button"
                      className="party-remove"
                      title={t("items.remove", { name })}
                      onClick={() => setParties(parties.filter((_, j) => j !== i))}
                    >
                      <span aria-hidden="true">×</span>
                      <span className="visually-hidden">{t("items.remove", { name })}</span>
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {editable ? (
            <div className="doc-item-party-add">
              <label className="visually-hidden" htmlFor={`${uid}-category`}>
                {t("items.addCategory")}
              </label>
              <select
                id={`${uid}-category`}
                value=""
                onChange={(e) => {
                  const ref = e.currentTarget.value;
                  if (ref) setParties([...parties, { type: "category", ref }]);
                }}
              >
                <option value="">{t("items.chooseCategory")}</option>
                {unused.map((c) => (
                  <option key={c.ref} value={c.ref}>
                    {partyLabel({ type: "category", ref: c.ref }, categories, language)}
                  </option>
                ))}
              </select>
              <label className="visually-hidden" htmlFor={`${uid}-actor`}>
                {t("items.addActor")}
              </label>
              <input
                id={`${uid}-actor`}
                type="text"
                value={actor}
                placeholder={t("items.actorPlaceholder")}
                maxLength={120}
                onChange={(e) => setActor(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    addActor();
                  }
                }}
              />
              <button type="button" className="button button--small" onClick={addActor}>
                {t("items.add")}
              </button>
            </div>
          ) : null}
        </div>
        <div className="doc-item-field">
          <label htmlFor={`${uid}-timeframe`}>{t("items.timeframe")}</label>
          <input
            id={`${uid}-timeframe`}
            type="text"
            value={String(node.attrs.timeframe ?? "")}
            placeholder={t("items.timeframePlaceholder")}
            maxLength={120}
            readOnly={!editable}
            onChange={(e) => updateAttributes({ timeframe: e.currentTarget.value })}
          />
        </div>
        <div className="doc-item-field">
          <label htmlFor={`${uid}-indicators`}>{t("items.indicators")}</label>
          <textarea
            id={`${uid}-indicators`}
            rows={2}
            value={indicators.join("\n")}
            readOnly={!editable}
            onChange={(e) => updateAttributes({ indicators: e.currentTarget.value.split("\n") })}
          />
        </div>
      </fieldset>
    </NodeViewWrapper>
  );
}
