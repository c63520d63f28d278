// The formatting toolbar of the editor: one Tab stop, arrow keys move between its buttons
// (toolbar-focus.ts). Client-only: it reads the Tiptap editor's state. It is sticky (CSS), so it
// tells the editor its height: ProseMirror then scrolls the caret's line clear of it, never under it.
import type { Editor } from "@tiptap/core";
import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { useToolbarFocus } from "./toolbar-focus.js";
import { useEditorSelector } from "./tiptap-react.client.js";

type ToolbarState = Record<"h1" | "h2" | "h3" | "bold" | "italic" | "bulletList" | "orderedList" | "canUndo" | "canRedo", boolean>;

export function Toolbar({ editor, children }: { editor: Editor; children?: ReactNode }) {
  const { t } = useTranslation();
  const state = useEditorSelector<ToolbarState>(editor, (e) => ({
    h1: e.isActive("heading", { level: 1 }),
    h2: e.isActive("heading", { level: 2 }),
    h3: e.isActive("heading", { level: 3 }),
    bold: e.isActive("bold"),
    italic: e.isActive("italic"),
    bulletList: e.isActive("bulletList"),
    orderedList: e.isActive("orderedList"),
    canUndo: e.can().undo(),
    canRedo: e.can().redo(),
  }));
  const barRef = useRef<HTMLDivElement>(null);
  useToolbarFocus(barRef);
  useCaretClearOf(editor, barRef);
  const chain = () => editor.chain().focus();
  const toggles: { key: keyof ToolbarState; label: string; glyph: string; run: () => void; className?: string }[] = [
    { key: "h1", label: t("editor.toolbar.heading1"), glyph: "H1", run: () => chain().toggleHeading({ level: 1 }).run() },
    { key: "h2", label: t("editor.toolbar.heading2"), glyph: "H2", run: () => chain().toggleHeading({ level: 2 }).run() },
    { key: "h3", label: t("editor.toolbar.heading3"), glyph: "H3", run: () => chain().toggleHeading({ level: 3 }).run() },
    { key: "bold", label: t("editor.toolbar.bold"), glyph: "B", run: () => chain().toggleBold().run(), className: "is-bold" },
    { key: "italic", label: t("editor.toolbar.italic"), glyph: "I", run: () => chain().toggleItalic().run(), className: "is-italic" },
    { key: "bulletList", label: t("editor.toolbar.bulletList"), glyph: "•", run: () => chain().toggleBulletList().run() },
    { key: "orderedList", label: t("editor.toolbar.orderedList"), glyph: "1.", run: () => chain().toggleOrderedList().run() },
  ];
  return (
    <div ref={barRef} className="editor-toolbar" role="toolbar" aria-label={t("editor.toolbar.label")}>
      {toggles.map((b) => (
        <button key={b.key} type="button" className={`editor-tool ${b.className ?? ""}`} aria-pressed={state[b.key]} title={b.label} onClick={b.run}>
          {/* The name comes from hidden words, not aria-label: an aria-label that does not contain
              the visible glyph ("H1") trips voice-control users and axe's label-in-name rule. */}
          <span aria-hidden="true">{b.glyph}</span>
          <span className="visually-hidden">{b.label}</span>
        </button>
      ))}
      <span className="editor-toolbar-sep" aria-hidden="true" />
      <button type="button" className="editor-tool" title={t("editor.toolbar.undo")} disabled={!state.canUndo} onClick={() => chain().undo().run()}>
        <span aria-hidden="true">↶</span>
        <span className="visually-hidden">{t("editor.toolbar.undo")}</span>
      </button>
      <button type="button" className="editor-tool" title={t("editor.toolbar.redo")} disabled={!state.canRedo} onClick={() => chain().redo().run()}>
        <span aria-hidden="true">↷</span>
        <span className="visually-hidden">{t("editor.toolbar.redo")}</span>
      </button>
      {children ? <span className="editor-toolbar-sep" aria-hidden="true" /> : null}
      {children}
    </div>
  );
}

/** Space ProseMirror keeps above the caret when it scrolls it into view (pixels beyond the toolbar). */
const CARET_GAP = 12;

/**
 * Keeps the caret's line out from under the sticky toolbar: ProseMirror's `scrollMargin` and
 * `scrollThreshold` at the top follow the toolbar's height (it wraps to more rows on a phone).
 * `setProps` merges with the editor's other props, so nothing else of its configuration changes.
 */
function useCaretClearOf(editor: Editor, bar: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const element = bar.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const apply = () => {
      if (editor.isDestroyed) return;
      const top = Math.ceil(element.getBoundingClientRect().height) + CARET_GAP;
      const edges = { top, bottom: CARET_GAP, left: 0, right: 0 };
      editor.view.setProps({ scrollMargin: edges, scrollThreshold: edges });
    };
    const observer = new ResizeObserver(apply);
    observer.observe(element);
    apply();
    return () => observer.disconnect();
  }, [editor, bar]);
}
