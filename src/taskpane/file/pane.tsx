/**
 * File mode as the browser runs it, with the real .xlsx host. The pane's entry loads this
 * module with a dynamic `import()` only when it runs outside Office, so exceljs is never
 * part of what Excel users download.
 */
import type { Theme } from "@fluentui/react-components";
import { downloadFile, readFileBytes } from "./browser";
import { FileMode } from "./FileMode";
import { xlsxFileHost } from "./xlsxHost";

export function FileModePane({ theme }: { theme: Theme }) {
  return <FileMode host={xlsxFileHost} download={downloadFile} readFile={readFileBytes} theme={theme} />;
}
