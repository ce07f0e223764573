/**
 * File mode as the browser runs it. The pane's entry loads this module with a dynamic
 * `import()` only when it runs outside Office; it holds the shell (toolbar, status, drop
 * zone) but not the .xlsx host, which this module loads with a second `import()` — at
 * once, in the background, and again on first use should that fail. So the toolbar shows
 * before any .xlsx library has arrived, and Excel users never download one.
 */
import type { Theme } from "@fluentui/react-components";
import { useEffect } from "react";
import { downloadFile, readFileBytes } from "./browser";
import { FileMode } from "./FileMode";
import type { FileHost } from "./types";

let loading: Promise<FileHost> | null = null;

/** The .xlsx host, loaded once; a failed load is tried again on the next call. */
export function loadXlsxHost(): Promise<FileHost> {
  loading ??= import(/* webpackChunkName: "xlsx-host" */ "./xlsxHost").then(
    (module) => module.xlsxFileHost,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** A host whose every call waits for the real one to load. */
export const lazyXlsxHost: FileHost = {
  blankPlan: async () => (await loadXlsxHost()).blankPlan(),
  examplePlan: async () => (await loadXlsxHost()).examplePlan(),
  open: async (name, bytes) => (await loadXlsxHost()).open(name, bytes),
};

export function FileModePane({ theme }: { theme: Theme }) {
  // Fetched while the person decides what to open; errors surface when a file is opened.
  useEffect(() => {
    loadXlsxHost().catch(() => undefined);
  }, []);
  return <FileMode host={lazyXlsxHost} download={downloadFile} readFile={readFileBytes} theme={theme} />;
}
