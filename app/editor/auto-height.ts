// A textarea that grows with its content (an item's indicators: one per line, often several).
// CSS `field-sizing: content` does it where supported; elsewhere this sets the height from
// scrollHeight whenever the value changes (typed here or arriving from another member).
import { useLayoutEffect, type RefObject } from "react";

/** Whether the browser sizes form fields to their content by itself (then nothing is done here). */
export function sizesFieldsItself(): boolean {
  return typeof CSS !== "undefined" && typeof CSS.supports === "function" && CSS.supports("field-sizing", "content");
}

export function useAutoHeight(ref: RefObject<HTMLTextAreaElement | null>, value: string): void {
  useLayoutEffect(() => {
    const area = ref.current;
    if (!area || sizesFieldsItself()) return;
    // Shrink first, so deleting lines makes it smaller again; the border is part of the height.
    area.style.height = "auto";
    const border = area.offsetHeight - area.clientHeight;
    area.style.height = `${area.scrollHeight + border}px`;
  }, [ref, value]);
}
