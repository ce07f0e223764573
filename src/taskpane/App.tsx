/**
 * The Grant Planner task pane: six views over one workbook, reached through the port
 * the host hands in. The pane never talks to Office or Excel itself.
 */
import { FluentProvider, makeStyles, Tab, TabList, type Theme, Title3, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { WorkbookPort } from "../workbook/port";
import { PlanView } from "./components/PlanView";
import { ActionOutcome } from "./components/ActionOutcome";
import { StatusArea } from "./components/StatusArea";
import { useFocusKeeper } from "./focus";
import { topPlaces, type View } from "./places";
import type { SummaryDownload } from "./components/summary/SummaryView";
import { AllocateTab, ChecksTab, NO_RETURNS_DRAFT, preloadParts, ProgressTab, ReturnTab, SummaryTab } from "./parts";
import type { ReturnsDraft } from "./returnsDraft";
import { usePlanSession } from "./session";

const VIEWS = [
  { value: "plan", label: "Plan" },
  { value: "allocate", label: "Allocate" },
  { value: "return", label: "Return" },
  { value: "progress", label: "Progress" },
  { value: "checks", label: "Checks" },
  { value: "summary", label: "Summary" },
] as const satisfies readonly { value: View; label: string }[];

function isView(value: unknown): value is View {
  return VIEWS.some((v) => v.value === value);
}

const useStyles = makeStyles({
  provider: { minHeight: "100vh" },
  main: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    // A task pane can be 320 px wide: inputs and selects shrink to their column, never past it.
    "& .fui-Input, & .fui-Select": { minWidth: 0, maxWidth: "100%", boxSizing: "border-box" },
  },
  // Five tabs fit one row of a 350 px pane; the sixth (and at 320 px the fifth too) moves to a second row rather than widen the pane.
  tabs: {
    flexWrap: "wrap",
    "& .fui-Tab": { paddingLeft: tokens.spacingHorizontalXS, paddingRight: tokens.spacingHorizontalXS },
    "& .fui-Tab__content, & .fui-Tab__content--reserved-space": { paddingLeft: 0, paddingRight: 0 },
  },
});

export interface AppProps {
  port: WorkbookPort;
  theme: Theme;
  /** The plan's file name in file mode, for the board summary's heading; absent in Excel. */
  planName?: string;
  /** How the Summary tab's exports reach the person; a browser download when absent. */
  download?: SummaryDownload;
}

export function App({ port, theme, planName, download }: AppProps) {
  const styles = useStyles();
  const session = usePlanSession(port);
  const [view, setView] = useState<View>("plan");
  // What a project lead has typed in the Return tab, kept while they visit other tabs.
  const [returnsDraft, setReturnsDraft] = useState<ReturnsDraft>(NO_RETURNS_DRAFT);
  const main = useRef<HTMLElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useFocusKeeper(main, session.busy !== null, panel);
  // Once the pane is up, fetch the parts left out of its first scripts (a failure shows where the part is used).
  useEffect(() => {
    void preloadParts();
  }, []);
  return (
    <FluentProvider theme={theme} className={styles.provider}>
      <main ref={main} className={styles.main} aria-labelledby="app-title">
        <Title3 as="h1" id="app-title">
          Grant Planner
        </Title3>
        <TabList
          selectedValue={view}
          onTabSelect={(_, data) => {
            if (!isView(data.value) || data.value === view) return;
            // A message belongs to the tab whose button caused it: it does not follow the person elsewhere.
            // An action still running keeps its outcome: it is shown at the top when it finishes.
            if (session.busy === null) session.clearMessages();
            setView(data.value);
          }}
          aria-label="Views"
          size="small"
          className={styles.tabs}
        >
          {VIEWS.map((v) => (
            <Tab key={v.value} value={v.value} id={`tab-${v.value}`} aria-controls={v.value === view ? `panel-${v.value}` : undefined}>
              {v.label}
            </Tab>
          ))}
        </TabList>
        <StatusArea busy={session.busy} />
        {/* Outcomes of actions from other tabs too: one that finished after the person moved here. */}
        <ActionOutcome session={session} place={topPlaces(view)} />
        <div ref={panel} role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`} tabIndex={-1}>
          {view === "plan" && <PlanView session={session} />}
          {view === "allocate" && <AllocateTab.Part session={session} />}
          {view === "return" && <ReturnTab.Part session={session} draft={returnsDraft} onDraft={setReturnsDraft} />}
          {view === "progress" && <ProgressTab.Part session={session} />}
          {view === "checks" && <ChecksTab.Part session={session} />}
          {view === "summary" && (
            <SummaryTab.Part session={session} planName={planName ?? ""} download={download} openWorkbook={port.openWorkbook?.bind(port)} />
          )}
        </div>
      </main>
    </FluentProvider>
  );
}
