/** @jest-environment jsdom */
import "./setup";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { render, screen } from "@testing-library/react";
import { NeedsExcel } from "../../src/taskpane/components/NeedsExcel";

it("tells a browser visitor the pane needs Excel", () => {
  render(
    <FluentProvider theme={webLightTheme}>
      <NeedsExcel />
    </FluentProvider>,
  );
  expect(screen.getByRole("main", { name: "Grant Planner needs Excel" })).toBeTruthy();
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Grant Planner needs Excel");
});

it("tells someone on an Excel without the needed API why, and that nothing was touched", () => {
  render(
    <FluentProvider theme={webLightTheme}>
      <NeedsExcel tooOld />
    </FluentProvider>,
  );
  expect(screen.getByRole("main", { name: "This Excel is too old for Grant Planner" })).toBeTruthy();
  expect(screen.getByText(/Excel JavaScript API 1\.4 or later/).textContent).toMatch(/Nothing in your workbook was read or changed/);
});
