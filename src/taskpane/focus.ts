/**
 * Keeping keyboard focus in the pane when an action takes away the control that had it.
 *
 * A button that disappears after its action (Undo split, Take these rows into the table,
 * Set up the example) or turns disabled (Save allocations with nothing left to save, any
 * button while the workbook is busy) drops focus to the page's body, and a keyboard or
 * screen reader user is thrown back to the top of the page. One hook, at the pane's root,
 * watches for that after every render: once the pane is idle again it puts focus back on
 * the control if it is usable again, otherwise on the outcome message that is showing, and
 * otherwise on the open tab's panel.
 */
import { type RefObject, useEffect, useRef } from "react";

/** Marks an outcome region (spread onto its element) so focus can be moved to it. */
export const OUTCOME_MARK = { "data-outcome": "" } as const;
const OUTCOME_SELECTOR = "[data-outcome]";

function unusable(element: HTMLElement): boolean {
  return !element.isConnected || element.matches(":disabled") || element.getAttribute("aria-disabled") === "true";
}

function focusLost(last: HTMLElement): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || (active === last && unusable(last));
}

/** Where focus goes when its control is gone: the outcome showing a message, else `fallback`. */
function landing(root: HTMLElement, fallback: HTMLElement | null): HTMLElement | null {
  const outcomes = Array.from(root.querySelectorAll<HTMLElement>(OUTCOME_SELECTOR));
  return outcomes.find((o) => o.childElementCount > 0) ?? fallback;
}

/**
 * Watches focus inside `root`. `busy` is true while the pane reads or writes; `fallback`
 * is an element with tabIndex -1 that always exists (the open tab's panel).
 */
export function useFocusKeeper(root: RefObject<HTMLElement | null>, busy: boolean, fallback: RefObject<HTMLElement | null>): void {
  /** The element inside the pane that last had focus. */
  const last = useRef<HTMLElement | null>(null);
  /** True once that element lost focus by being removed or disabled, until focus is put back. */
  const stranded = useRef(false);

  useEffect(() => {
    const element = root.current;
    if (element === null) return undefined;
    const track = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement) {
        last.current = event.target;
        stranded.current = false;
      }
    };
    element.addEventListener("focusin", track);
    return () => element.removeEventListener("focusin", track);
  }, [root]);

  // After every render: the render may have removed or disabled the focused control.
  useEffect(() => {
    const element = root.current;
    const previous = last.current;
    if (element === null || previous === null) return;
    if (!focusLost(previous)) {
      // Focus is somewhere the person can use (perhaps they moved it themselves).
      stranded.current = false;
      return;
    }
    if (unusable(previous)) stranded.current = true;
    if (!stranded.current || busy) return;
    const target = unusable(previous) ? landing(element, fallback.current) : previous;
    stranded.current = false;
    target?.focus();
  });
}
