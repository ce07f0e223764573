/**
 * Where the outcome of each action is shown: next to the button that started it, so the
 * person sees it where they are looking. Anything without a place of its own (reading the
 * workbook when the pane opens) is shown at the top of the pane.
 */
import { ADD_LINE, ADD_PROGRESS_ROWS, APPLY_SPLIT, SAVE_ALLOCATIONS, SETUP_LABELS, SUBMIT_RETURNS, TAKE_ROWS, UNDO_SPLIT, UPGRADE_PLAN } from "./actionNames";

export type Place = "setup" | "allocations" | "split" | "add-line" | "checks" | "rows-below" | "upgrade" | "progress-rows" | "returns" | "summary" | "top";

/** The pane's tabs. */
export type View = "plan" | "allocate" | "return" | "progress" | "checks" | "summary";

/** The Summary view's action, which (re)builds the Summary sheet (its code is loaded with the view: summary.ts). */
export const REFRESH_SUMMARY = "Refresh summary";

/** The tab each place is on; "top" is on every tab. */
const PLACES: readonly { readonly place: Place; readonly view: View }[] = [
  { place: "setup", view: "plan" },
  { place: "allocations", view: "allocate" },
  { place: "split", view: "allocate" },
  { place: "add-line", view: "allocate" },
  { place: "returns", view: "return" },
  { place: "checks", view: "checks" },
  { place: "rows-below", view: "checks" },
  { place: "upgrade", view: "checks" },
  { place: "progress-rows", view: "checks" },
  { place: "summary", view: "summary" },
];

/**
 * The places whose outcome the top of the pane shows while `view` is open: "top", and
 * those of every other tab. An action that finishes after the person moved to another tab
 * is shown where they are now, not kept unseen next to a button that is no longer there.
 */
export function topPlaces(view: View): readonly Place[] {
  return ["top", ...PLACES.filter((p) => p.view !== view).map((p) => p.place)];
}

export function placeOf(action: string): Place {
  if (SETUP_LABELS.includes(action)) return "setup";
  if (action === SAVE_ALLOCATIONS) return "allocations";
  if (action === APPLY_SPLIT || action === UNDO_SPLIT) return "split";
  if (action === ADD_LINE) return "add-line";
  if (action === TAKE_ROWS) return "rows-below";
  if (action === UPGRADE_PLAN) return "upgrade";
  if (action === ADD_PROGRESS_ROWS) return "progress-rows";
  if (action === SUBMIT_RETURNS) return "returns";
  if (action === REFRESH_SUMMARY) return "summary";
  if (action.startsWith("Going to ")) return "checks";
  return "top";
}
