/**
 * Task pane entry: waits for Office, then shows the pane on the open workbook in Excel.
 * In a plain browser (office.js reports no host, or did not load at all) the same pane
 * works on .xlsx files instead ("file mode"), loaded on demand so Excel users never
 * download the .xlsx library. Inside another Office app it says the pane needs Excel.
 * The theme follows Office's own light or dark background, or the browser's preference.
 */
import { FluentProvider, type Theme, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { ReactElement } from "react";
import { createRoot } from "react-dom/client";
import { excelHost } from "../excel";
import { App } from "./App";
import { MINIMUM_EXCEL_API, NeedsExcel } from "./components/NeedsExcel";
import { FileModeFailed, FileModeLoading } from "./file/Starting";
import { paneMode } from "./file/mode";
import { reasonOf } from "./format";
import { themeKindFor } from "./theme";

const container = document.getElementById("container");
if (container === null) {
  throw new Error("Grant Planner: the page has no #container element to render into.");
}
const root = createRoot(container);

function show(theme: Theme, pane: ReactElement): void {
  root.render(<FluentProvider theme={theme}>{pane}</FluentProvider>);
}

function browserTheme(): Theme {
  const prefersDark = typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
  return prefersDark ? webDarkTheme : webLightTheme;
}

async function startFileMode(): Promise<void> {
  const theme = browserTheme();
  show(theme, <FileModeLoading />);
  try {
    const { FileModePane } = await import(/* webpackChunkName: "file-mode" */ "./file/pane");
    root.render(<FileModePane theme={theme} />);
  } catch (error) {
    show(theme, <FileModeFailed reason={reasonOf(error)} />);
  }
}

if (typeof Office === "undefined") {
  // office.js did not load (no network to Microsoft's CDN, or a plain page): no host at all.
  void startFileMode();
} else {
  void Office.onReady((info) => {
    switch (paneMode(info.host, Office.HostType.Excel)) {
      case "file":
        void startFileMode();
        return;
      case "needs-excel":
        show(webLightTheme, <NeedsExcel />);
        return;
      case "excel": {
        // Checked at run time rather than hidden by the manifest, so an old Excel says why.
        if (!Office.context.requirements.isSetSupported("ExcelApi", MINIMUM_EXCEL_API)) {
          show(webLightTheme, <NeedsExcel tooOld />);
          return;
        }
        const theme = themeKindFor(Office.context.officeTheme?.bodyBackgroundColor) === "dark" ? webDarkTheme : webLightTheme;
        root.render(<App port={excelHost()} theme={theme} />);
        return;
      }
    }
  });
}
