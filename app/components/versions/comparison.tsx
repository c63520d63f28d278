import { useTranslation } from "~/core/i18n/react.js";
import { categoryLabel, type EditorCategory } from "~/core/categories";
import { DOMAIN_INFO } from "~/core/domains";
import type { Comparison, FieldChange, ItemChange, WordRun } from "~/core/versions/types";
import { useLanguage } from "../process";

// A comparison of two versions, as a reader scans it: a summary sentence, then each changed item
// with a symbol AND a word for its kind (colour only adds to them), word-level changes inside
// titles and texts (<ins>/<del>, with "added:"/"removed:" spoken to screen readers), and fields
// shown as before → after. Laid out in one column so it reads at 390 px.

const SYMBOL: Record<ItemChange["kind"], string> = { added: "+", removed: "−", changed: "✎", moved: "↕" };

export function ComparisonSummary({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation();
  if (comparison.identical) return <p className="comparison-summary">{t("history.summary.identical")}</p>;
  const { summary } = comparison;
  const parts = (["changed", "added", "removed", "moved", "sectionsRenamed"] as const)
    .filter((k) => summary[k] > 0)
    .map((k) => t(`history.summary.${k}`, { count: summary[k] }));
  return <p className="comparison-summary">{parts.length ? parts.join(", ") : t("history.summary.noItemChange")}</p>;
}

export function Words({ runs }: { runs: WordRun[] }) {
  const { t } = useTranslation();
  return (
    <span className="word-diff" dir="auto">
      {runs.map((run, i) =>
        run.op === "same" ? (
          <span key={i}>{run.text}</span>
        ) : run.op === "added" ? (
          <ins key={i}>
            <span className="visually-hidden">{t("history.wordAdded")} </span>
            {run.text}
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">{t("history.wordRemoved")} </span>
            {run.text}
          </del>
        ),
      )}
    </span>
  );
}

function FieldValue({ change, values, categories }: { change: FieldChange; values: string[]; categories: EditorCategory[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (!values.length) return <>{t("history.empty")}</>;
  const shown = values.map((v) => {
    if (change.field === "responsibleParties") {
      if (v.startsWith("actor:")) return v.slice("actor:".length);
      const ref = v.slice("category:".length);
      const category = categories.find((c) => c.ref === ref);
      return category ? categoryLabel(category, language) : ref;
    }
    if (change.field === "status") return t(`items.statuses.${v}`, { defaultValue: v });
    return v;
  });
  return <bdi>{shown.join("; ")}</bdi>;
}

function ItemChangeView({ change, categories }: { change: ItemChange; categories: EditorCategory[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const side = change.after ?? change.before!;
  const movedSection = change.moved && change.before && change.after && change.before.section !== change.after.section;
  return (
    <li className="item-change" data-kind={change.kind} data-item-id={change.id}>
      <p className="item-change-head">
        <span className="change-kind" data-kind={change.kind}>
          <span aria-hidden="true">{SYMBOL[change.kind]}</span> {t(`history.change.${change.kind}`)}
        </span>{" "}
        <strong>{t("history.item", { number: side.number })}</strong> <span dir="auto">{change.title ? <Words runs={change.title} /> : side.title}</span>
      </p>
      {change.moved && change.kind !== "added" && change.kind !== "removed" ? (
        <p className="item-change-line">
          <span aria-hidden="true">↕ </span>
          {movedSection
            ? t("history.movedSection", {
                from: change.before!.section ?? t("history.noSection"),
                to: change.after!.section ?? t("history.noSection"),
              })
            : t("history.movedOrder", { from: change.before!.number, to: change.after!.number })}
        </p>
      ) : null}
      {change.domain ? (
        <p className="item-change-line">
          {t("history.field.domain")}:{" "}
          {t("history.fromTo", { from: DOMAIN_INFO[change.domain.from].label[language], to: DOMAIN_INFO[change.domain.to].label[language] })}
        </p>
      ) : null}
      {change.fields.map((f) => (
        <p className="item-change-line" key={f.field}>
          {t(`history.field.${f.field}`)}:{" "}
          <del>
            <FieldValue change={f} values={f.from} categories={categories} />
          </del>{" "}
          →{" "}
          <ins>
            <FieldValue change={f} values={f.to} categories={categories} />
          </ins>
        </p>
      ))}
      {change.body ? (
        <p className="item-change-line item-change-body">
          {t("history.field.body")}: <Words runs={change.body} />
        </p>
      ) : change.kind === "added" || change.kind === "removed" ? (
        side.body ? (
          <p className="item-change-line item-change-body" dir="auto">
            {side.body}
          </p>
        ) : null
      ) : null}
    </li>
  );
}

export function ComparisonView({ comparison, categories }: { comparison: Comparison; categories: EditorCategory[] }) {
  const { t } = useTranslation();
  return (
    <div className="comparison" data-testid="comparison">
      <ComparisonSummary comparison={comparison} />
      {comparison.sections.length ? (
        <ul className="section-changes">
          {comparison.sections.map((s, i) => (
            <li key={i} data-kind={s.kind}>
              {t(`history.sections.${s.kind}`, { from: s.from ?? "", to: s.to ?? "" })}
            </li>
          ))}
        </ul>
      ) : null}
      {comparison.items.length ? (
        <ol className="item-changes">
          {comparison.items.map((change, i) => (
            <ItemChangeView key={i} change={change} categories={categories} />
          ))}
        </ol>
      ) : null}
      {comparison.otherText ? (
        <p className="item-change-line">
          {t("history.otherText")}: <Words runs={comparison.otherText} />
        </p>
      ) : null}
    </div>
  );
}
