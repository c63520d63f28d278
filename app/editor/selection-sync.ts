// A key pressed right after a click (or a caret move the browser made itself) must act where the
// cursor IS, not where it was.
//
// Chromium delivers input events ahead of its queued `selectionchange` task, so on a busy device
// a keydown can arrive before ProseMirror has heard that a click moved the caret. ProseMirror
// lets the browser type characters (it reads them back from the DOM, in the right place), but it
// runs Enter, Backspace, Tab and its shortcuts on its own state's selection: a quick "click at the
// end of a heading, press Enter" split the document's FIRST line instead. (Reproduced in Chromium:
// 5 times in 80 click-then-Enter sequences under load; see test/e2e/editor-harness.test.ts.)
//
// The remedy is ProseMirror's own reaction to `selectionchange`, run now: its DOM observer's
// flush reads the DOM selection (and any pending DOM mutation) into the state, with the same
// safeguards (focus, composition, node views that ignore selection). `domObserver` is not part
// of the typed API, hence the defensive access: without it, nothing changes.
import type { EditorView } from "@tiptap/pm/view";

interface WithObserver {
  domObserver?: { flush?: () => void };
}

export function readSelectionBeforeKey(view: EditorView, event: KeyboardEvent): void {
  // IME composition: the browser owns the text until it ends; ProseMirror skips it too.
  if (event.isComposing || event.keyCode === 229) return;
  const observer = (view as unknown as WithObserver).domObserver;
  if (typeof observer?.flush === "function") observer.flush();
}
