// Keyboard model of a toolbar (WAI-ARIA APG "Toolbar"): ONE Tab stop for the whole bar, arrows
// move between its buttons (Left/Right, Home/End), and the bar remembers the last button used.
// Without it, a keyboard user tabs through ten buttons before reaching the text, on every visit.
// DOM-level on purpose: the buttons come from several components (formatting, undo, "Add item").
import { useEffect, type RefObject } from "react";

/** The bar's own buttons: direct children, and the "Add item" menu button (not its menu's items). */
function buttonsOf(bar: HTMLElement): HTMLButtonElement[] {
  return [...bar.querySelectorAll<HTMLButtonElement>(":scope > button, :scope > .add-item > button")];
}

export function useToolbarFocus(ref: RefObject<HTMLElement | null>): void {
  // No dependency list: buttons appear, disappear and get disabled with the editor's state, and the
  // single Tab stop must follow after every render.
  useEffect(() => {
    const bar = ref.current;
    if (!bar) return;
    const settle = (preferred?: Element | null) => {
      const enabled = buttonsOf(bar).filter((b) => !b.disabled);
      const current = enabled.find((b) => b === preferred) ?? enabled.find((b) => b.tabIndex === 0) ?? enabled[0];
      for (const b of buttonsOf(bar)) b.tabIndex = b === current ? 0 : -1;
    };
    settle();
    const onFocusIn = (event: FocusEvent) => settle(event.target as Element);
    const onKeyDown = (event: KeyboardEvent) => {
      const enabled = buttonsOf(bar).filter((b) => !b.disabled);
      const at = enabled.indexOf(document.activeElement as HTMLButtonElement);
      if (at < 0) return; // inside the "Add item" menu: its own keys
      const to =
        event.key === "ArrowRight"
          ? (at + 1) % enabled.length
          : event.key === "ArrowLeft"
            ? (at - 1 + enabled.length) % enabled.length
            : event.key === "Home"
              ? 0
              : event.key === "End"
                ? enabled.length - 1
                : -1;
      if (to < 0) return;
      event.preventDefault();
      enabled[to]!.focus();
    };
    bar.addEventListener("focusin", onFocusIn);
    bar.addEventListener("keydown", onKeyDown);
    return () => {
      bar.removeEventListener("focusin", onFocusIn);
      bar.removeEventListener("keydown", onKeyDown);
    };
  });
}
