/**
 * Where the outcome of each action is shown: next to the button that started it, so the
 * person sees it where they are looking. Anything without a place of its own (reading the
 * workbook when the pane opens) is shown at the top of the pane.
 */
import { ADD_LINE, APPLY_SPLIT, SAVE_ALLOCATIONS, SETUP_LABELS, TAKE_ROWS, UNDO_SPLIT } from "./planActions";

export type Place = "setup" | "allocations" | "split" | "add-line" | "checks" | "rows-below" | "top";


export function placeOf(action: string): Place {
  if (SETUP_LABELS.includes(action)) return "setup";
  if (action === SAVE_ALLOCATIONS) return "allocations";
  if (action === APPLY_SPLIT || action === UNDO_SPLIT) return "split";
  if (action === ADD_LINE) return "add-line";
  if (action === TAKE_ROWS) return "rows-below";
  if (action.startsWith("Going to ")) return "checks";
  return "top";
}
