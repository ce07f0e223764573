/**
 * Where the pane is running, decided from what office.js says: inside Excel it works on
 * the open workbook; in a plain browser (office.js reports no host, or did not load at
 * all) it works on .xlsx files; inside another Office app it can only say it needs Excel.
 */
export type PaneMode = "excel" | "file" | "needs-excel";

/**
 * `host` is `Office.onReady`'s `info.host` (`undefined` when office.js did not load);
 * `excel` is `Office.HostType.Excel`, passed in so this stays free of office.js.
 */
export function paneMode(host: unknown, excel: unknown): PaneMode {
  if (host === null || host === undefined) return "file";
  return host === excel ? "excel" : "needs-excel";
}
