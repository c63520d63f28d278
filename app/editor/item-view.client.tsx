// React node view of agenda and roadmap items: the title and body are editable text (NodeViewContent,
// shared live like the rest), the fields are attrs edited through form controls. Read-only members
// see every field as text: `readonly` fields without an editable look (no border, no placeholder,
// selects disabled and styled like text), not greyed out. Every control has a visible or
// programmatic label in both languages.
import { useId, useRef, useState } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { DomainBadge } from "../components/domain-badge.js";
import { useLanguage } from "../components/process.js";
import { DOMAINS, domainLabel, isDomain, type Domain } from "../core/domains.js";
import { normalizeIndicators, normalizeParties, ROADMAP_STATUSES, type ResponsibleParty } from "../core/schema/items.js";
import { useAutoHeight } from "./auto-height.js";
import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from "./tiptap-react.client.js";
import { actorPartyFor, isOnMap, namesActor, partyLabel, useEditable, useStructure } from "./structure.js";

export function ItemView({ node, updateAttributes, editor }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  // `actors`: the stakeholder map's, for drafters who read it (empty for everyone else).
  const { categories, actors = NO_ACTORS } = useStructure();
  const uid = useId();
  // From context, not read once from the editor: a member switched to read-only live (role change, sign-off lock,
  // permission denied) must see every field lock at once.
  const editable = useEditable() && editor.isEditable;
  const isRoadmap = node.type.name === "roadmapItem";
  const domain: Domain = isDomain(node.attrs.domain) ? node.attrs.domain : "governance";
  const parties = normalizeParties(node.attrs.responsibleParties);
  const indicators = normalizeIndicators(node.attrs.indicators);
  const indicatorsText = indicators.join("\n");
  const indicatorsRef = useRef<HTMLTextAreaElement>(null);
  useAutoHeight(indicatorsRef, indicatorsText);
  const [actor, setActor] = useState("");
  // The map's names are put in the page once the field is first used: a long text has many items,
  // the map may have hundreds of actors.
  const [suggesting, setSuggesting] = useState(false);

  const setParties = (next: ResponsibleParty[]) => updateAttributes({ responsibleParties: next });
  // A name typed (or picked from the suggestions) as on the map is written as the map writes it.
  const addActor = () => {
    const party = actorPartyFor(actor, actors);
    if (!party) return;
    if (!namesActor(parties, party)) setParties([...parties, party]);
    setActor("");
  };
  const unused = categories.filter((c) => !parties.some((p) => p.type === "category" && p.ref === c.ref));

  return (
    <NodeViewWrapper
      as="section"
      className={`doc-item doc-item--${domain}${editable ? "" : " is-read-only"}`}
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
              // Said only to readers of the map (whose page lists its actors): to anyone else the link is just a name.
              const onMap = isOnMap(p, actors);
              return (
                <li key={`${p.type}-${i}`} className={`party party--${p.type}`} dir="auto">
                  {name}
                  {onMap ? <span className="muted small"> · {t("editor.parties.onMap")}</span> : null}
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
                // A datalist: the browser's own suggestions, keyboard and screen-reader ready, no code shipped.
                list={actors.length ? `${uid}-actors` : undefined}
                aria-describedby={actors.length ? `${uid}-actors-hint` : undefined}
                autoComplete={actors.length ? "off" : undefined}
                value={actor}
                placeholder={t("items.actorPlaceholder")}
                maxLength={120}
                onFocus={() => setSuggesting(true)}
                onChange={(e) => setActor(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    addActor();
                  }
                }}
              />
              {actors.length ? (
                <>
                  <datalist id={`${uid}-actors`}>{suggesting ? actors.map((a) => <option key={a.id} value={a.name} />) : null}</datalist>
                  <span id={`${uid}-actors-hint`} className="visually-hidden">
                    {t("editor.parties.fromMapHint")}
                  </span>
                </>
              ) : null}
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
            placeholder={editable ? t("items.timeframePlaceholder") : undefined}
            maxLength={120}
            readOnly={!editable}
            onChange={(e) => updateAttributes({ timeframe: e.currentTarget.value })}
          />
        </div>
        <div className="doc-item-field">
          <label htmlFor={`${uid}-indicators`}>{t("items.indicators")}</label>
          <textarea
            id={`${uid}-indicators`}
            ref={indicatorsRef}
            className="doc-item-indicators"
            rows={2}
            value={indicatorsText}
            readOnly={!editable}
            onChange={(e) => updateAttributes({ indicators: e.currentTarget.value.split("\n") })}
          />
        </div>
      </fieldset>
    </NodeViewWrapper>
  );
}

const NO_ACTORS: readonly { id: string; name: string }[] = [];
