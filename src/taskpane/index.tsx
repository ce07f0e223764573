/**
 * Task pane entry: waits for Office, then shows the pane on the open workbook in Excel.
 * Anywhere else (a plain browser tab, another Office app) it says the pane needs Excel.
 * The theme follows Office's own light or dark background.
 */
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { ReactElement } from "react";
import { createRoot } from "react-dom/client";
import { excelHost } from "../excel";
import { App } from "./App";
import { NeedsExcel } from "./components/NeedsExcel";
import { themeKindFor } from "./theme";

function render(pane: ReactElement): void {
  const container = document.getElementById("container");
  if (container === null) {
    throw new Error("Grant Planner: the page has no #container element to render into.");
  }
  createRoot(container).render(pane);
}

function outsideExcel(): ReactElement {
  return (
    <FluentProvider theme={webLightTheme}>
      <NeedsExcel />
    </FluentProvider>
  );
}

if (typeof Office === "undefined") {
  // office.js did not load (no network to Microsoft's CDN, or a plain page): no host at all.
  render(outsideExcel());
} else {
  void Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel) {
      render(outsideExcel());
      return;
    }
    const theme = themeKindFor(Office.context.officeTheme?.bodyBackgroundColor) === "dark" ? webDarkTheme : webLightTheme;
    render(<App port={excelHost()} theme={theme} />);
  });
}
