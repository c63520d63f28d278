// The annotation layer of the live editor: where each thread points now (anchors resolved against
// the bound Yjs text, again after every change, debounced), the highlights drawn from that, the
// selection → composer path (a floating button near the selection, the bar, Mod-Alt-M), and the
// side panel with live actions. Client-only: it reads the Tiptap editor.
//
// Annotating needs only `mayCreate`: it works while the text is read-only (analysts, a frozen or
// adopted text), since ProseMirror still tracks a read-only selection and nothing here writes to
// the document.
import type { Editor } from "@tiptap/core";
import { NodeSelection, TextSelection } from "@tiptap/pm/state";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type MutableRefObject } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import type * as Y from "yjs";
import type { AnnotationIntent } from "../../core/annotations/types.js";
import { DOCUMENT_FIELD } from "../../core/document-field.js";
import { sendAnnotation, type AnnotationFields, type Outcome } from "./annotation-api.js";
import { AnnotationHighlights, setHighlights, type ActivateHow, type HighlightSpec } from "./annotation-decorations.js";
import { itemAt, itemsOf, isItem, type DocItem } from "./annotation-doc.js";
import { AnnotationPanel, Composer, type ComposerTarget, type PanelActions } from "./annotation-panel.js";
import {
  DEFAULT_FILTER,
  matchesFilter,
  openCountsByItem,
  type AnnotationStore,
  type Placement,
  type ThreadEntry,
  type ThreadFilter,
} from "./annotation-store.js";
import { anchorForItem, anchorForRange, resolveAnchors } from "../../core/annotations/anchor.js";

/** Anchors are resolved again this long after the last change (typing, a remote edit). */
const RESOLVE_DEBOUNCE_MS = 200;

export interface AnnotationContext {
  store: AnnotationStore;
  processId: string;
  documentId: string;
}

export type ActivateHandler = (threadIds: string[], how: ActivateHow) => void;

/** The highlights extension, its clicks routed through a ref (the editor is created once per session). */
export function annotationExtension(onActivate: MutableRefObject<ActivateHandler>) {
  return AnnotationHighlights.configure({ onActivate: (ids, how) => onActivate.current(ids, how) });
}

/** The side panel stands beside the text (the stylesheet stacks it under the text below 60rem). */
const isBeside = () => typeof window !== "undefined" && !window.matchMedia("(max-width: 60rem)").matches;

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function shortcutOf(): { label: string; aria: string } {
  return isMac() ? { label: "⌘⌥M", aria: "Meta+Alt+M" } : { label: "Ctrl+Alt+M", aria: "Control+Alt+M" };
}

/** Where each thread points now, resolved at once when threads change and debounced after edits. */
function usePlacements(editor: Editor | null, doc: Y.Doc, threads: readonly ThreadEntry["thread"][]): Map<string, Placement> {
  const [placements, setPlacements] = useState<Map<string, Placement>>(() => new Map());
  const threadsRef = useRef(threads);
  threadsRef.current = threads;
  const compute = useCallback(() => {
    if (!editor || editor.isDestroyed) return;
    const list = threadsRef.current;
    const pm = editor.state.doc;
    const resolved = resolveAnchors(
      doc.getXmlFragment(DOCUMENT_FIELD),
      editor.schema,
      list.map((t) => t.anchor),
    );
    const next = new Map<string, Placement>();
    list.forEach((thread, i) => {
      const r = resolved[i];
      if (!r) return;
      const anchored = r.state === "anchored" && r.to > r.from && r.to <= pm.content.size;
      next.set(thread.id, {
        state: anchored ? "anchored" : "detached",
        from: r.from,
        to: r.to,
        text: anchored ? r.text : thread.anchor.quote,
        itemId: anchored ? (thread.anchor.kind === "item" ? thread.anchor.itemId : (itemAt(pm, r.from)?.id ?? null)) : null,
      });
    });
    // Unchanged (an edit elsewhere): keep the same map, so nothing redraws.
    setPlacements((prev) => (samePlacements(prev, next) ? prev : next));
  }, [editor, doc]);
  useEffect(() => compute(), [compute, threads]);
  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        compute();
      }, RESOLVE_DEBOUNCE_MS);
    };
    editor.on("update", schedule);
    return () => {
      editor.off("update", schedule);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [editor, compute]);
  return placements;
}

function samePlacements(a: Map<string, Placement>, b: Map<string, Placement>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, p] of b) {
    const q = a.get(id);
    if (!q || q.state !== p.state || q.from !== p.from || q.to !== p.to || q.text !== p.text || q.itemId !== p.itemId) return false;
  }
  return true;
}

interface SelectionInfo {
  /** The selection holds text to annotate. */
  text: boolean;
  /** The item holding the caret (or selected). */
  item: DocItem | null;
  /** Viewport coordinates just below the selection's end, for the floating button. */
  coords: { left: number; bottom: number } | null;
}

const NO_SELECTION: SelectionInfo = { text: false, item: null, coords: null };

export interface AnnotationLayer {
  enabled: boolean;
  mayCreate: boolean;
  entries: ThreadEntry[];
  editor: Editor | null;
  annotateSelection: () => void;
  annotateItem: () => void;
  panel: JSX.Element | null;
  outlineCounts: ReturnType<typeof openCountsByItem> | null;
  hint: string;
}

/**
 * The selection, for the floating button and the bar (read-only selections included). Followed
 * by the two small components that show it, so a caret move re-renders them only.
 */
function useSelectionInfo(editor: Editor | null, active: boolean): SelectionInfo {
  const [selection, setSelection] = useState<SelectionInfo>(NO_SELECTION);
  useEffect(() => {
    if (!editor || !active) return;
    const update = () => {
      if (editor.isDestroyed) return;
      const { state, view } = editor;
      const sel = state.selection;
      const dom = document.getSelection();
      const inEditor = view.dom.contains(document.activeElement) || (!!dom?.anchorNode && view.dom.contains(dom.anchorNode));
      const text = !sel.empty && state.doc.textBetween(sel.from, sel.to, "\n").trim().length > 0;
      const item = itemAt(state.doc, sel.from);
      let coords: SelectionInfo["coords"] = null;
      if (text && inEditor) {
        try {
          const c = view.coordsAtPos(sel.to);
          coords = { left: c.left, bottom: c.bottom };
        } catch {
          coords = null;
        }
      }
      setSelection((prev) =>
        prev.text === text && prev.item?.id === item?.id && prev.coords?.left === coords?.left && prev.coords?.bottom === coords?.bottom
          ? prev
          : { text, item, coords },
      );
    };
    update();
    editor.on("selectionUpdate", update);
    editor.on("update", update);
    document.addEventListener("selectionchange", update);
    window.addEventListener("resize", update);
    return () => {
      editor.off("selectionUpdate", update);
      editor.off("update", update);
      document.removeEventListener("selectionchange", update);
      window.removeEventListener("resize", update);
    };
  }, [editor, active]);
  return selection;
}

export function useAnnotationLayer(
  editor: Editor | null,
  doc: Y.Doc,
  context: AnnotationContext | null,
  onActivate: MutableRefObject<ActivateHandler>,
): AnnotationLayer {
  const { t, i18n } = useTranslation();
  const store = context?.store ?? null;
  const subscribe = useCallback((l: () => void) => store?.subscribe(l) ?? (() => undefined), [store]);
  const snapshot = useSyncExternalStore(
    subscribe,
    () => store?.getSnapshot() ?? null,
    () => store?.getSnapshot() ?? null,
  );
  const threads = snapshot?.threads ?? EMPTY;
  const placements = usePlacements(store ? editor : null, doc, threads);
  const entries = useMemo(() => threads.map((thread) => ({ thread, placement: placements.get(thread.id) ?? null })), [threads, placements]);
  const [filter, setFilter] = useState<ThreadFilter>(DEFAULT_FILTER);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [composer, setComposer] = useState<{ target: ComposerTarget; items: DocItem[] } | null>(null);
  const [reveal, setReveal] = useState<{ id: string; n: number; focus: boolean } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const mayCreate = !!snapshot?.mayCreate.length;
  const shortcut = shortcutOf();

  // The same words twice in a row are still announced: a live region speaks only on a change.
  const announce = useCallback((key: string) => setAnnouncement((prev) => (prev === t(key) ? `${t(key)}\u00a0` : t(key))), [t]);
  const revealThread = useCallback((id: string, focus: boolean) => setReveal((r) => ({ id, n: (r?.n ?? 0) + 1, focus })), []);

  // A thread that went away (removed, or no longer readable) is no longer the active one.
  useEffect(() => {
    if (activeId && !threads.some((x) => x.id === activeId)) setActiveId(null);
  }, [threads, activeId]);

  // Highlights: the anchored threads the filter shows (resolved ones only when it shows them).
  useEffect(() => {
    if (!editor || editor.isDestroyed || !store) return;
    const specs: HighlightSpec[] = entries
      .filter((e) => e.placement?.state === "anchored" && matchesFilter(e.thread, filter))
      .map(({ thread, placement }) => ({
        threadId: thread.id,
        type: thread.type,
        kind: thread.anchor.kind,
        from: placement!.from,
        to: placement!.to,
        active: thread.id === activeId,
        resolved: thread.status === "resolved",
        label: t(`annotations.typesShort.${thread.type}`),
        title: t("annotations.tag", { type: t(`annotations.types.${thread.type}`) }),
      }));
    // A click the view has not read yet (its selectionchange is queued) would be overwritten by
    // this redraw, which puts the state's older selection back into the page: read it first.
    (editor.view as unknown as { domObserver?: { flush?: () => void } }).domObserver?.flush?.();
    editor.view.dispatch(setHighlights(editor.state.tr, specs));
    // i18n.language: the tags name the type in the reader's language.
  }, [editor, store, entries, filter, activeId, t, i18n.language]);

  // A click on a highlight opens its thread in the panel. From the tag (an explicit pick) or in a
  // read-only text the panel takes the focus; a click into editable text only marks the thread
  // (the writer keeps typing), and scrolls the panel only where it stands beside the text.
  onActivate.current = (ids, how) => {
    const id = ids[0];
    if (!id || !editor) return;
    setActiveId(id);
    if (how === "tag" || !editor.isEditable) revealThread(id, true);
    else if (isBeside()) revealThread(id, false);
  };

  const openItemComposer = useCallback(
    (itemId: string | null) => {
      if (!editor) return;
      setComposer({ target: { kind: "item", itemId }, items: itemsOf(editor.state.doc) });
    },
    [editor],
  );

  const annotateSelection = useCallback(() => {
    if (!editor || !mayCreate) return;
    const { state } = editor;
    const sel = state.selection;
    if (sel instanceof NodeSelection && isItem(sel.node)) return openItemComposer(itemAt(state.doc, sel.from)?.id ?? null);
    if (!sel.empty) {
      const anchor = anchorForRange(doc.getXmlFragment(DOCUMENT_FIELD), editor.schema, sel.from, sel.to);
      if (anchor?.kind === "range") {
        setComposer({ target: { kind: "range", anchor }, items: [] });
        return;
      }
    }
    // A caret in an item (no text selected) annotates that item.
    const item = sel.empty ? itemAt(state.doc, sel.from) : null;
    if (item) openItemComposer(item.id);
    else announce("annotations.bar.selectFirst");
  }, [editor, doc, mayCreate, openItemComposer, announce]);

  const annotateItem = useCallback(() => {
    if (!editor || !mayCreate) return;
    openItemComposer(itemAt(editor.state.doc, editor.state.selection.from)?.id ?? null);
  }, [editor, mayCreate, openItemComposer]);

  // Mod-Alt-M, where the selection is in this editor. A document listener, not a keymap: a
  // read-only editor is not focusable and ProseMirror runs no key bindings while read-only.
  useEffect(() => {
    if (!editor || !mayCreate) return;
    const mac = isMac();
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.shiftKey || !(mac ? e.metaKey : e.ctrlKey)) return;
      if (e.key.toLowerCase() !== "m" && e.code !== "KeyM") return;
      if (editor.isDestroyed) return;
      const dom = document.getSelection();
      const inEditor = editor.view.dom.contains(document.activeElement) || (!!dom?.anchorNode && editor.view.dom.contains(dom.anchorNode));
      if (!inEditor) return;
      e.preventDefault();
      annotateSelection();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [editor, mayCreate, annotateSelection]);

  const send = useCallback(
    async (intent: AnnotationIntent, fields: AnnotationFields, threadId: string | null): Promise<Outcome> => {
      if (!store || !context) return { ok: false, errors: { form: "annotations.errors.unexpected" } };
      const token = store.beginRequest(threadId);
      const outcome = await sendAnnotation(context.processId, context.documentId, intent, fields);
      // The answer shows the author's change at once; the socket's upsert says the same.
      if (outcome.ok && (outcome.thread || intent === "delete")) store.applyAnswer(token, outcome.thread);
      return outcome;
    },
    [store, context],
  );

  /** Selects a thread's text and scrolls to it; `focus`: the editor takes the focus too. */
  const select = useCallback(
    (entry: ThreadEntry, focus: boolean) => {
      const p = entry.placement;
      if (!editor || editor.isDestroyed || !p || p.state !== "anchored") return;
      setActiveId(entry.thread.id);
      const { state, view } = editor;
      const size = state.doc.content.size;
      const selection =
        entry.thread.anchor.kind === "item"
          ? TextSelection.near(state.doc.resolve(Math.min(p.from + 2, size)))
          : TextSelection.create(state.doc, Math.min(p.from, size), Math.min(p.to, size));
      view.dispatch(state.tr.setSelection(selection).scrollIntoView());
      if (focus) view.focus();
      const at = view.domAtPos(Math.min(p.from + 1, size));
      const el = at.node instanceof HTMLElement ? at.node : at.node.parentElement;
      el?.scrollIntoView({ block: focus ? "center" : "nearest" });
    },
    [editor],
  );
  const show = useCallback((entry: ThreadEntry) => select(entry, true), [select]);

  // A click on a thread's card picks it, and where the panel stands beside the text also shows
  // its place there (under the text, on a phone, that would jump the page away from the panel).
  const pickFromPanel = useCallback(
    (id: string) => {
      setActiveId(id);
      const entry = entries.find((e) => e.thread.id === id);
      if (entry && isBeside()) select(entry, false);
    },
    [entries, select],
  );

  const actions = useMemo<PanelActions>(() => ({ send, show, announce }), [send, show, announce]);

  const anchorOfItem = useCallback(
    (itemId: string) => {
      if (!editor) return null;
      const item = itemsOf(editor.state.doc).find((i) => i.id === itemId);
      return item ? anchorForItem(doc.getXmlFragment(DOCUMENT_FIELD), editor.schema, item.pos + 1) : null;
    },
    [editor, doc],
  );

  const closeComposer = useCallback(
    (threadId: string | null) => {
      setComposer(null);
      if (threadId) {
        const thread = store?.get(threadId);
        if (thread && !matchesFilter(thread, filter)) setFilter(DEFAULT_FILTER);
        setActiveId(threadId);
        revealThread(threadId, true);
        announce("annotations.announce.created");
      } else if (editor?.isEditable) editor.commands.focus();
      // A read-only text cannot take the focus: back to the button that opened the composer.
      else document.querySelector<HTMLElement>('.annotation-bar [data-annotate="selection"]')?.focus();
    },
    [store, filter, editor, revealThread, announce],
  );

  const composerElement =
    composer && snapshot && mayCreate ? (
      <Composer
        target={composer.target}
        mayCreate={snapshot.mayCreate}
        items={composer.items}
        anchorForItem={anchorOfItem}
        send={(fields) => send("create", fields, null)}
        onDone={closeComposer}
        onCancel={() => closeComposer(null)}
      />
    ) : null;

  const outlineCounts = useMemo(() => (store ? openCountsByItem(entries) : null), [store, entries]);

  const panel =
    store && snapshot ? (
      <AnnotationPanel
        entries={entries}
        filter={filter}
        onFilterChange={setFilter}
        showVisibilityFilter={snapshot.mayCreate.includes("team") || threads.some((x) => x.visibility === "team")}
        actors={snapshot.actors}
        activeId={activeId}
        onActivate={pickFromPanel}
        actions={actions}
        composer={composerElement}
        reveal={reveal}
        announcement={announcement}
      />
    ) : null;

  return {
    enabled: !!store,
    mayCreate,
    entries,
    editor,
    annotateSelection,
    annotateItem,
    panel,
    outlineCounts,
    hint: t("annotations.bar.hint", { shortcut: shortcut.label }),
  };
}

const EMPTY: readonly ThreadEntry["thread"][] = [];

/** "Annotate" and "Annotate this item" above the text, for members who may start a thread. */
export function AnnotationBar({ layer }: { layer: AnnotationLayer }) {
  const { t } = useTranslation();
  const selection = useSelectionInfo(layer.editor, layer.enabled && layer.mayCreate);
  if (!layer.enabled || !layer.mayCreate) return null;
  const shortcut = shortcutOf();
  return (
    <div className="annotation-bar" role="group" aria-label={t("annotations.bar.label")}>
      <button
        type="button"
        className="editor-tool annotation-bar-button"
        data-annotate="selection"
        title={t("annotations.bar.annotateTitle", { shortcut: shortcut.label })}
        aria-keyshortcuts={shortcut.aria}
        // Keeps the selection where it is (a read-only selection would collapse on the press).
        onMouseDown={(e) => e.preventDefault()}
        onClick={layer.annotateSelection}
      >
        {t("annotations.bar.annotate")}
      </button>
      <button
        type="button"
        className="editor-tool annotation-bar-button"
        data-annotate="item"
        onMouseDown={(e) => e.preventDefault()}
        onClick={layer.annotateItem}
      >
        {selection.item ? t("annotations.bar.annotateItem") : t("annotations.bar.annotateAnItem")}
      </button>
      <span className="annotation-bar-hint muted small">{layer.hint}</span>
    </div>
  );
}

/**
 * A small "Annotate" button just below the selection, while text is selected (mouse and touch;
 * keyboard users have the shortcut and the bar). Positioned inside the editor column.
 */
export function FloatingAnnotate({ layer }: { layer: AnnotationLayer }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLButtonElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const selection = useSelectionInfo(layer.editor, layer.enabled && layer.mayCreate);
  const coords = selection.text ? selection.coords : null;
  useLayoutEffect(() => {
    const button = ref.current;
    const parent = button?.offsetParent;
    if (!button || !coords || !parent) {
      setPosition(null);
      return;
    }
    const box = parent.getBoundingClientRect();
    // Kept inside the column: never wider than the page on a phone.
    const left = Math.max(0, Math.min(coords.left - box.left, box.width - button.offsetWidth - 4));
    setPosition({ left, top: coords.bottom - box.top + 6 });
  }, [coords?.left, coords?.bottom]);
  if (!coords) return null;
  const shortcut = shortcutOf();
  return (
    <button
      ref={ref}
      type="button"
      className="annotation-float button small-button"
      data-annotate="float"
      style={position ? { left: position.left, top: position.top } : { visibility: "hidden" }}
      title={t("annotations.bar.annotateTitle", { shortcut: shortcut.label })}
      aria-keyshortcuts={shortcut.aria}
      // A duplicate of the bar's button for the pointer: out of the Tab order.
      tabIndex={-1}
      onMouseDown={(e) => e.preventDefault()}
      onClick={layer.annotateSelection}
    >
      {t("annotations.bar.annotate")}
    </button>
  );
}
