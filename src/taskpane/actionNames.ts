/**
 * The names of the pane's actions, as buttons, confirmations and problems say them, and the
 * creator the pane records in a plan. Kept apart from the actions themselves (planActions.ts
 * and the others), which bring the core's writing code with them: knowing where an
 * action's outcome goes (places.ts) must not load that code before the pane first shows.
 */

/** Recorded in the workbook's settings sheet as the creator of a plan. */
export const CREATED_BY = "Grant Planner task pane";

export const EXAMPLE_NAME = "sefton-2020-21";

export const SAVE_ALLOCATIONS = "Save allocations";
export const ADD_LINE = "Add line";
export const TAKE_ROWS = "Take these rows into the table";
export const UPGRADE_PLAN = "Upgrade the plan";
export const ADD_PROGRESS_ROWS = "Add the missing rows to the Progress sheet";
/** The Return view's action (its code is loaded with the view: returnsActions.ts). */
export const SUBMIT_RETURNS = "Submit returns";
export const APPLY_SPLIT = "Apply split";
export const UNDO_SPLIT = "Undo split";
export const SET_UP_BLANK = "Set up a blank plan";
export const SET_UP_EXAMPLE = "Set up the example";
export const SETUP_LABELS: readonly string[] = [SET_UP_BLANK, SET_UP_EXAMPLE];
