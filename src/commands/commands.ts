/**
 * Ribbon function file for Grant Planner.
 *
 * The Home-tab button opens the task pane (ShowTaskpane), so no function commands are
 * registered here; Office still loads this page for the ribbon, and it only has to
 * signal that it is ready.
 */
Office.onReady(() => {
  // Nothing to register: every ribbon action is handled by the task pane.
});

export {};
