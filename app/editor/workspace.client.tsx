// The structured side of the editor: inserting items by domain (toolbar menu and slash menu, both
// keyboard-driven), the live findings panel (click → the place) and the outline.
import type { Editor } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { TextSelection } from "@tiptap/pm/state";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { DomainBadge } from "../components/domain-badge.js";
import { useLanguage } from "../components/process.js";
import { DOMAIN_INFO, DOMAINS, domainLabel, type Domain } from "../core/domains.js";
import { findingText } from "../core/finding-text.js";
import type { Language } from "../core/languages.js";
import { createItemNode, type ItemType } from "../core/schema/items.js";
import { templateForDocument } from "../core/templates.js";
import { validate, type Finding, type JsonNode } from "../core/validation.js";
import { matchDomains, outline, slashQuery, type Outline } from "./outline.js";
import { useEditable, type DocumentStructure } from "./structure.js";
import { findingCount } from "../core/finding-count.js";
import { ANNOTATION_TYPES } from "../core/annotations/types.js";
import { sumCounts, type TypeCounts } from "./annotations/annotation-store.js";

export function itemTypeFor(structure: DocumentStructure): ItemType {
  return structure.kind === "roadmap" ? "roadmapItem" : "agendaItem";
}

// ---------------------------------------------------------------- live validation + outline

export interface Analysis {
  findings: Finding[];
  outline: Outline;
}

const DEBOUNCE_MS = 150;

/** Findings and outline of the live document, recomputed (debounced) on every change, local or remote. */
export function useAnalysis(editor: Editor | null, structure: DocumentStructure): Analysis | null {
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const template = useMemo(() => templateForDocument(structure.templateId, structure.kind), [structure.templateId, structure.kind]);
  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      timer = undefined;
      if (editor.isDestroyed) return;
      const json = editor.getJSON() as JsonNode;
      setAnalysis({ findings: validate(template, json, structure.categories), outline: outline(json) });
    };
    const schedule = () => {
      if (timer === undefined) timer = setTimeout(run, DEBOUNCE_MS);
    };
    run();
    editor.on("update", schedule);
    return () => {
      editor.off("update", schedule);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [editor, template, structure.categories]);
  return analysis;
}

/** Puts the cursor at a top-level block (an item's title, a section's heading) and scrolls to it. */
export function jumpTo(editor: Editor, target: { itemId?: string; position?: number }): boolean {
  const { doc } = editor.state;
  let found: { pos: number; node: PMNode } | null = null;
  if (target.itemId) {
    // Items may be nested (in a quote, a list): search the whole tree, items hold no items.
    doc.descendants((node, pos) => {
      if (found) return false;
      if (node.attrs.id === target.itemId && (node.type.name === "agendaItem" || node.type.name === "roadmapItem")) {
        found = { pos, node };
        return false;
      }
      return true;
    });
  }
  if (!found && target.position !== undefined && target.position < doc.childCount) {
    let pos = 0;
    for (let i = 0; i < target.position; i++) pos += doc.child(i).nodeSize;
    found = { pos, node: doc.child(target.position) };
  }
  if (!found) return false;
  const { pos, node } = found as { pos: number; node: PMNode };
  // Inside the item's title (pos + 2: into the item, into its title) or at the start of the block's text.
  const inside = node.type.name === "agendaItem" || node.type.name === "roadmapItem" ? pos + 2 : pos + 1;
  const tr = editor.state.tr.setSelection(TextSelection.near(editor.state.doc.resolve(Math.min(inside, doc.content.size)))).scrollIntoView();
  editor.view.dispatch(tr);
  editor.view.focus();
  const dom = editor.view.nodeDOM(pos);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: "center", behavior: "smooth" });
  return true;
}

// ---------------------------------------------------------------- inserting items

/** Replaces an empty/slash paragraph by the item, or inserts the item after the current top-level block. */
export function insertItem(editor: Editor, itemType: ItemType, domain: Domain, replaceParagraph = false): void {
  editor
    .chain()
    .focus()
    .command(({ tr, state }) => {
      const node = createItemNode(state.schema, itemType, domain);
      const { $from } = state.selection;
      if (replaceParagraph && $from.depth === 1 && $from.parent.type.name === "paragraph") {
        const start = $from.before(1);
        tr.replaceWith(start, $from.after(1), node);
        tr.setSelection(TextSelection.create(tr.doc, start + 2));
      } else {
        const at = $from.depth >= 1 ? $from.after(1) : state.doc.content.size;
        tr.insert(at, node);
        tr.setSelection(TextSelection.create(tr.doc, at + 2));
      }
      tr.scrollIntoView();
      return true;
    })
    .run();
}

/** "Add item ▸ <domain>": a menu button; arrows move, Enter/Space choose, Escape closes. */
export function AddItemMenu({
  editor,
  itemType,
  openOn,
  onOpened,
}: {
  editor: Editor;
  itemType: ItemType;
  /** A domain to open the menu on (a click on a "No development item" finding). */
  openOn?: Domain | null;
  onOpened?: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemsRef = useRef<(HTMLButtonElement | null)[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (!openOn) return;
    setOpen(true);
    setActive(DOMAINS.indexOf(openOn));
    onOpened?.();
  }, [openOn, onOpened]);
  useEffect(() => {
    if (open) itemsRef.current[active]?.focus();
  }, [open, active]);

  const choose = (domain: Domain) => {
    setOpen(false);
    insertItem(editor, itemType, domain);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") setActive((a) => (a + 1) % DOMAINS.length);
    else if (e.key === "ArrowUp") setActive((a) => (a + DOMAINS.length - 1) % DOMAINS.length);
    else if (e.key === "Home") setActive(0);
    else if (e.key === "End") setActive(DOMAINS.length - 1);
    else if (e.key === "Escape") {
      setOpen(false);
      buttonRef.current?.focus();
    } else return;
    e.preventDefault();
  };
  return (
    <div
      className="add-item"
      onBlur={(e) => {
        // Focus left the button and its menu (Tab away, click elsewhere): close, like a native menu.
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="editor-tool add-item-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          setActive(0);
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive(0);
            setOpen(true);
          }
        }}
      >
        {t("items.addItem")} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div className="add-item-menu" role="menu" aria-label={t("items.addItem")} onKeyDown={onKey}>
          {DOMAINS.map((d, i) => (
            <button
              key={d}
              ref={(el) => {
                itemsRef.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              className="add-item-option"
              data-domain={d}
              onClick={() => choose(d)}
            >
              <DomainBadge domain={d} /> <span className="add-item-desc">{DOMAIN_INFO[d].description[language]}</span>
              <span className="visually-hidden">{t("items.addItemOf", { domain: domainLabel(d, language) })}</span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------- slash menu

interface SlashState {
  query: string;
  options: Domain[];
  active: number;
  coords: { left: number; top: number };
}

/**
 * Typing "/" at the start of an empty top-level line opens a menu of domains; typing filters it
 * ("/dev", "/gouv"), arrows move, Enter inserts, Escape closes. The key handler is installed as
 * the editor's handleKeyDown through `keyHandlerRef`, so ProseMirror never sees the keys it eats.
 */
export function useSlashMenu(editor: Editor | null, itemType: ItemType) {
  const language = useLanguage();
  const [state, setState] = useState<SlashState | null>(null);
  const stateRef = useRef<SlashState | null>(null);
  stateRef.current = state;
  const dismissedAt = useRef<number | null>(null);

  useEffect(() => {
    if (!editor) return;
    const labels = (d: Domain) => [DOMAIN_INFO[d].label.en, DOMAIN_INFO[d].label.fr];
    const check = () => {
      const { selection } = editor.state;
      const { $from } = selection;
      const query =
        selection.empty && editor.isEditable && $from.depth === 1 && $from.parent.type.name === "paragraph" && $from.parentOffset === $from.parent.content.size
          ? slashQuery($from.parent.textContent)
          : null;
      if (query === null || dismissedAt.current === $from.before(1)) {
        if (query === null) dismissedAt.current = null;
        setState(null);
        return;
      }
      const options = matchDomains(query, labels);
      const c = editor.view.coordsAtPos($from.pos);
      setState((prev) => ({
        query,
        options,
        active: prev && prev.query === query ? Math.min(prev.active, Math.max(options.length - 1, 0)) : 0,
        coords: { left: c.left, top: c.bottom },
      }));
    };
    editor.on("transaction", check);
    return () => {
      editor.off("transaction", check);
    };
  }, [editor]);

  const choose = useCallback(
    (domain: Domain) => {
      if (!editor) return;
      setState(null);
      insertItem(editor, itemType, domain, true);
    },
    [editor, itemType],
  );

  const handleKeyDown = useCallback(
    (event: globalThis.KeyboardEvent): boolean => {
      const s = stateRef.current;
      if (!s || !editor) return false;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const n = s.options.length || 1;
        setState({ ...s, active: (s.active + (event.key === "ArrowDown" ? 1 : n - 1)) % n });
        return true;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        const domain = s.options[s.active];
        if (!domain) return false;
        choose(domain);
        return true;
      }
      if (event.key === "Escape") {
        dismissedAt.current = editor.state.selection.$from.before(1);
        setState(null);
        return true;
      }
      return false;
    },
    [editor, choose],
  );

  const menu = state ? <SlashMenu state={state} language={language} onChoose={choose} /> : null;
  return { menu, handleKeyDown };
}

function SlashMenu({ state, language, onChoose }: { state: SlashState; language: Language; onChoose: (d: Domain) => void }) {
  const { t } = useTranslation();
  return (
    <div
      className="slash-menu"
      role="listbox"
      aria-label={t("items.slashMenu")}
      style={{ position: "fixed", left: state.coords.left, top: state.coords.top + 4 }}
    >
      {state.options.map((d, i) => (
        <div
          key={d}
          role="option"
          aria-selected={i === state.active}
          className={`slash-option${i === state.active ? " is-active" : ""}`}
          data-domain={d}
          onMouseDown={(e) => {
            e.preventDefault(); // keep the editor's focus and selection
            onChoose(d);
          }}
        >
          <DomainBadge domain={d} /> {t("items.addItemOf", { domain: domainLabel(d, language) })}
        </div>
      ))}
    </div>
  );
}

// ---------------------------------------------------------------- findings panel and outline

export function FindingsPanel({
  editor,
  analysis,
  structure,
  onMissingDomain,
}: {
  editor: Editor;
  analysis: Analysis | null;
  structure: DocumentStructure;
  onMissingDomain?: (d: Domain) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const editable = useEditable();
  const findings = analysis?.findings ?? [];
  return (
    <section className="findings-panel" aria-labelledby="findings-title" data-testid="findings">
      <h3 id="findings-title">{t("findings.title")}</h3>
      <p className="muted" aria-live="polite">
        {findings.length ? findingCount(t, findings) : t("findings.none")}
      </p>
      <ul className="findings-list">
        {findings.map((f, i) => {
          const text = findingText(f, t, language, structure.categories);
          const target = f.itemId !== undefined || f.position !== undefined;
          const missing = f.ruleId === "required-domain" && editable ? (f.params.domain as Domain) : null;
          return (
            <li
              key={`${f.ruleId}-${f.itemId ?? f.position ?? ""}-${i}`}
              className={`finding finding--${f.severity}`}
              data-rule={f.ruleId}
              data-severity={f.severity}
            >
              <span className="finding-severity">{t(`findings.${f.severity}`)}</span>{" "}
              {target || missing ? (
                <button type="button" className="finding-jump" onClick={() => (target ? jumpTo(editor, f) : missing && onMissingDomain?.(missing))}>
                  {text}
                </button>
              ) : (
                <span>{text}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Open annotation threads by type: in all, and per item (by the item each one sits in now). */
export interface OutlineAnnotationCounts {
  total: TypeCounts;
  byItem: Map<string, TypeCounts>;
}

/** "Legitimacy: 2, Gender: 1" — only the types present, named in words. */
function AnnotationCounts({ counts, className }: { counts: TypeCounts; className?: string }) {
  const { t } = useTranslation();
  const types = ANNOTATION_TYPES.filter((type) => (counts[type] ?? 0) > 0);
  return (
    <span className={className}>
      {types.map((type, i) => (
        <span key={type} className={`annotation-count annotation--${type}`} data-type={type} data-count={counts[type]}>
          {i ? ", " : ""}
          {t("annotations.outline.byType", { label: t(`annotations.types.${type}`), count: counts[type] })}
        </span>
      ))}
    </span>
  );
}

export function OutlinePanel({ editor, analysis, annotations }: { editor: Editor; analysis: Analysis | null; annotations?: OutlineAnnotationCounts | null }) {
  const { t } = useTranslation();
  if (!analysis) return null;
  const itemCounts = (id: string | null) => {
    const counts = id ? annotations?.byItem.get(id) : undefined;
    const n = counts ? sumCounts(counts) : 0;
    return counts && n ? (
      <span className="outline-annotations" data-annotations={n}>
        {" "}
        · {t("annotations.outline.item", { count: n })} (<AnnotationCounts counts={counts} />)
      </span>
    ) : null;
  };
  const { sections, byDomain } = analysis.outline;
  return (
    <nav className="outline-panel" aria-labelledby="outline-title">
      <h3 id="outline-title">{t("outline.title")}</h3>
      <h4>{t("outline.sections")}</h4>
      {sections.length ? (
        <ol className="outline-sections">
          {sections.map((s) => (
            <li key={s.position}>
              <button type="button" className="link-button" onClick={() => jumpTo(editor, { position: s.position })}>
                {s.title || t("outline.untitledSection")}
              </button>{" "}
              <span className="muted">({t("outline.count", { count: s.items })})</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t("outline.noSections")}</p>
      )}
      <h4>{t("outline.byDomain")}</h4>
      <ul className="outline-domains">
        {byDomain.map((g) => (
          <li key={g.domain} data-domain={g.domain} data-count={g.items.length}>
            <DomainBadge domain={g.domain} /> <span className="outline-count">{g.items.length}</span>
            {g.items.length ? (
              <ul>
                {g.items.map((item) => (
                  <li key={`${item.id}-${item.position}`}>
                    <button type="button" className="link-button" onClick={() => jumpTo(editor, item.id ? { itemId: item.id } : { position: item.position })}>
                      {item.title || t("items.untitled")}
                    </button>
                    {itemCounts(item.id)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {annotations ? (
        <>
          <h4>{t("annotations.outline.title")}</h4>
          <p className="outline-annotation-total" data-annotations={sumCounts(annotations.total)}>
            {sumCounts(annotations.total) ? <AnnotationCounts counts={annotations.total} /> : <span className="muted">{t("annotations.outline.none")}</span>}
          </p>
        </>
      ) : null}
    </nav>
  );
}
