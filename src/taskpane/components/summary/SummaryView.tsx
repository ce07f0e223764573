/**
 * The Summary tab: the board summary as at a quarter, for every grant or one, with the
 * grants' figures and the three charts; "Refresh summary" (re)builds the Summary sheet in
 * the workbook, and the summary can be exported as a workbook of its own or as CSV.
 * Loaded on demand, with its charts and the core's summary code; the .xlsx writer only
 * when a workbook is exported.
 */
import { Body1, Button, Caption1, Field, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Select, Spinner, Subtitle2, tokens } from "@fluentui/react-components";
import { useEffect, useMemo, useRef, useState } from "react";
import type { GrantTotals } from "../../../plan/boardpack/summary";
import { formatGBP, type Money } from "../../../plan/money";
import type { IsoDate } from "../../../plan/periods";
import { asAtFor } from "../../../plan/returns/progress";
import { formatAsAt } from "../../../plan/returns/quarters";
import { SUMMARY_SHEET } from "../../../plan/schema";
import type { WorkbookPort } from "../../../workbook/port";
import { downloadBytes } from "../../file/browser";
import { reasonOf, todayIso } from "../../format";
import { REFRESH_SUMMARY } from "../../places";
import { findOption, planYears, quarterKey, quarterOptions } from "../../returnsQuarters";
import type { PlanSession } from "../../session";
import { CSV_TYPE, csvBytes, exportFileName, markingOfRaw, type RefreshChoice, type RefreshPrompt, refreshPrompt, refreshSummaryAction, summaryFor, workbookBytes, XLSX_TYPE } from "../../summary";
import { ActionOutcome } from "../ActionOutcome";
import { NotAPlanNote } from "../NotAPlanNote";
import { QuarterPicker } from "../returns/QuarterPicker";
import { SummaryCharts } from "./SummaryCharts";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  // The table scrolls sideways inside the pane rather than widen it; it can take focus so keys scroll it.
  scroller: { overflowX: "auto", maxWidth: "100%" },
  table: {
    borderCollapse: "collapse",
    fontSize: tokens.fontSizeBase200,
    "& th, & td": { padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
    "& th[scope=row]": { textAlign: "left", fontWeight: tokens.fontWeightRegular },
    "& thead th": { textAlign: "right", verticalAlign: "bottom" },
    "& thead th:first-child": { textAlign: "left" },
    "& td": { textAlign: "right", whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" },
  },
  caption: { textAlign: "left", fontWeight: tokens.fontWeightSemibold, paddingBottom: tokens.spacingVerticalXS },
  buttons: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS },
  status: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  text: { overflowWrap: "break-word" },
});

/** Hands bytes to the person as a downloaded file. */
export type SummaryDownload = (bytes: Uint8Array, fileName: string, type: string) => void;

export interface SummaryViewProps {
  session: PlanSession;
  /** The plan's file name in file mode, shown in the summary's heading; "" or absent in Excel. */
  planName?: string;
  /** How exports reach the person; a browser download by default. */
  download?: SummaryDownload;
  /** Opens an exported workbook in a new Excel window, where the host can (port.openWorkbook). */
  openWorkbook?: WorkbookPort["openWorkbook"];
  /** Today's date, for the default quarter and the summary's heading. */
  today?: IsoDate;
}

/** What the export buttons last did, said under them. */
type ExportStatus =
  | { readonly kind: "working"; readonly text: string }
  | { readonly kind: "done"; readonly text: string }
  | { readonly kind: "failed"; readonly text: string };

const ALL_GRANTS = "";

const FIGURES: readonly { readonly label: string; readonly figure: keyof GrantTotals }[] = [
  { label: "Award", figure: "award" },
  { label: "Allocated", figure: "allocated" },
  { label: "Reserve", figure: "reserve" },
  { label: "Spend to date", figure: "spendToDate" },
  { label: "Remaining", figure: "remaining" },
  { label: "Forecast outturn", figure: "forecastOutturn" },
  { label: "Variance", figure: "variance" },
];

function moneyShown(value: Money | null): string {
  return value === null ? "not known" : formatGBP(value);
}

export function SummaryView({ session, planName = "", download = downloadBytes, openWorkbook, today }: SummaryViewProps) {
  const styles = useStyles();
  const [picked, setPicked] = useState<string | null>(null);
  const [grantPicked, setGrantPicked] = useState<string>(ALL_GRANTS);
  const [prompt, setPrompt] = useState<Exclude<RefreshPrompt, { kind: "none" }> | null>(null);
  const [exportStatus, setExportStatus] = useState<ExportStatus | null>(null);
  // One piece of work at a time, whatever the buttons show: a second click while one runs does nothing.
  const working = useRef(false);
  const [work, setWork] = useState<"refresh" | "export" | null>(null);
  /** Set once the fresh read before a refresh has arrived: the Summary sheet is then looked at. */
  const [readForRefresh, setReadForRefresh] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);
  const exportOutcome = useRef<HTMLDivElement>(null);
  const warning = useRef<HTMLDivElement>(null);

  const plan = session.read?.status === "plan" ? session.read.plan : null;
  const day = today ?? todayIso();
  const fallback = useMemo(() => (plan === null ? null : asAtFor(plan, null, day)), [plan, day]);
  const options = useMemo(() => (plan === null ? [] : quarterOptions(planYears(plan), fallback)), [plan, fallback]);
  const chosen = findOption(options, picked) ?? findOption(options, fallback === null ? null : quarterKey(fallback));
  const grantId = plan?.grants.find((g) => g.id === grantPicked)?.id ?? null;
  const raw = session.raw;
  const built = useMemo(
    () => (plan === null || chosen === undefined ? null : summaryFor(plan, raw, { asAt: chosen.quarter, grantId, planName, today: day })),
    [plan, raw, chosen, grantId, planName, day],
  );

  useEffect(() => {
    if (prompt !== null) warning.current?.focus();
  }, [prompt]);

  // The fresh read has arrived: rebuild at once, or ask first about a sheet that was changed or is not the add-in's.
  const afterRead = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!readForRefresh || session.busy !== null) return;
    setReadForRefresh(false);
    afterRead.current();
  }, [readForRefresh, session.busy]);

  if (session.read === null) return null;
  if (session.read.status === "not-a-plan") return <NotAPlanNote reason={session.read.reason} />;
  if (plan === null || chosen === undefined || built === null) return null;
  if (plan.grants.length === 0) {
    return (
      <Body1 block as="p">
        This plan has no grants yet: add each award as a row of the table on the Grants sheet.
      </Body1>
    );
  }

  const idle = session.busy === null && work === null;
  const choice = { asAt: chosen.quarter, grantId, planName, today: day };

  const take = (what: "refresh" | "export"): boolean => {
    if (working.current || session.busy !== null) return false;
    working.current = true;
    setWork(what);
    return true;
  };
  const release = () => {
    working.current = false;
    setWork(null);
  };

  /** Rebuilds the sheet; the caller holds the guard, released here. */
  const build = async (sheet: RefreshChoice, confirmed: boolean): Promise<void> => {
    setPrompt(null);
    try {
      await session.run(refreshSummaryAction({ choice, sheet, confirmed, drawCharts: session.target === "excel" }));
    } finally {
      release();
    }
    outcome.current?.querySelector<HTMLElement>("[data-outcome]")?.focus();
  };

  /** "Refresh summary": reads the workbook afresh, then looks at the Summary sheet there (see the effect above). */
  const refresh = async (): Promise<void> => {
    if (!take("refresh")) return;
    setPrompt(null);
    setExportStatus(null);
    session.clearMessages();
    await session.refresh("Looking at the Summary sheet…");
    setReadForRefresh(true);
  };

  afterRead.current = () => {
    const ask = refreshPrompt(session.raw);
    if (ask.kind === "none") {
      void build("replace", false);
      return;
    }
    release();
    setPrompt(ask);
  };

  const answer = (sheet: RefreshChoice) => {
    if (!take("refresh")) return;
    void build(sheet, true);
  };

  const runExport = async (building: string, make: () => Promise<string>): Promise<void> => {
    if (!take("export")) return;
    setPrompt(null);
    session.clearMessages();
    setExportStatus({ kind: "working", text: building });
    try {
      setExportStatus({ kind: "done", text: await make() });
    } catch (error) {
      setExportStatus({ kind: "failed", text: `The export could not be made: ${reasonOf(error)}` });
    } finally {
      release();
    }
    exportOutcome.current?.focus();
  };

  const exportWorkbook = () =>
    runExport("Building the workbook…", async () => {
      const bytes = await workbookBytes(built, markingOfRaw(raw));
      if (openWorkbook !== undefined && (await openWorkbook(bytes)) === "opened") return "Opened the summary workbook in a new Excel window.";
      const name = exportFileName(chosen.quarter, grantId, "xlsx");
      download(bytes, name, XLSX_TYPE);
      return `Downloaded ${name}.`;
    });

  const exportCsv = () =>
    runExport("Building the CSV…", () => {
      const name = exportFileName(chosen.quarter, grantId, "csv");
      download(csvBytes(built), name, CSV_TYPE);
      return Promise.resolve(`Downloaded ${name}.`);
    });

  const { board } = built;
  const columns: readonly { readonly key: string; readonly name: string; readonly figures: GrantTotals }[] = [
    ...board.grants.map((g) => ({ key: g.id, name: g.id, figures: g })),
    { key: "total", name: "Total", figures: board.totals },
  ];
  const asAtText = formatAsAt(chosen.quarter);

  return (
    <div className={styles.root}>
      <Subtitle2 as="h2">Board summary</Subtitle2>
      <QuarterPicker label="As at" hint="Figures to date count the quarters up to and including this one." options={options} value={chosen.value} onChange={setPicked} />
      <Field label="Grant">
        <Select value={grantId ?? ALL_GRANTS} onChange={(_, data) => setGrantPicked(data.value)}>
          <option value={ALL_GRANTS}>All grants</option>
          {plan.grants.map((g) => (
            <option key={g.id} value={g.id}>
              {g.id} – {g.name}
            </option>
          ))}
        </Select>
      </Field>

      <section className={styles.section} aria-labelledby="summary-grants">
        <Subtitle2 as="h3" id="summary-grants">
          Grants as at {asAtText}
        </Subtitle2>
        <div className={styles.scroller} role="region" aria-label="Grants table" tabIndex={0}>
          <table className={styles.table}>
            <caption className={styles.caption}>Each grant&apos;s figures and their total</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                {columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {FIGURES.map((f) => (
                <tr key={f.figure}>
                  <th scope="row">{f.label}</th>
                  {columns.map((c) => (
                    <td key={c.key} data-grant={c.key} data-figure={f.figure}>
                      {moneyShown(c.figures[f.figure])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Caption1>Variance is the award less the forecast outturn: positive is a forecast underspend.</Caption1>
      </section>

      <section className={styles.section} aria-labelledby="summary-charts">
        <Subtitle2 as="h3" id="summary-charts">
          Charts
        </Subtitle2>
        <SummaryCharts charts={built.charts} />
      </section>

      <section className={styles.section} aria-labelledby="summary-sheet">
        <Subtitle2 as="h3" id="summary-sheet">
          Summary sheet and exports
        </Subtitle2>
        <Body1 block as="p">
          &quot;{REFRESH_SUMMARY}&quot; builds the &quot;{SUMMARY_SHEET}&quot; sheet in this workbook{session.target === "excel" ? ", with its charts" : ""}. The exports hold the summary only.
        </Body1>
        <div className={styles.buttons}>
          <Button appearance="primary" disabled={!idle} onClick={() => void refresh()}>
            {REFRESH_SUMMARY}
          </Button>
          <Button disabled={!idle} onClick={() => void exportWorkbook()}>
            Export summary workbook
          </Button>
          <Button disabled={!idle} onClick={() => void exportCsv()}>
            Export CSV
          </Button>
        </div>
        {prompt !== null && (
          <div ref={warning} tabIndex={-1}>
            <MessageBar intent="warning" layout="multiline" role="alert">
              <MessageBarBody className={styles.text}>
                {prompt.kind === "edited" ? (
                  <>
                    <MessageBarTitle>The {SUMMARY_SHEET} sheet was changed</MessageBarTitle>
                    The &quot;{SUMMARY_SHEET}&quot; sheet was changed since Grant Planner built it. Refreshing rebuilds it, and what was typed on it is lost unless you keep the old sheet.
                  </>
                ) : (
                  <>
                    <MessageBarTitle>A sheet is in the way</MessageBarTitle>
                    This workbook has a sheet called &quot;{SUMMARY_SHEET}&quot; that Grant Planner did not build. It is never deleted: it can be kept under another name, and the summary built beside it.
                  </>
                )}
              </MessageBarBody>
              <MessageBarActions>
                <Button disabled={!idle} onClick={() => answer("keep")}>
                  Keep the old sheet as &apos;{prompt.keptName}&apos; and refresh
                </Button>
                {prompt.kind === "edited" && (
                  <Button disabled={!idle} onClick={() => answer("replace")}>
                    Replace it
                  </Button>
                )}
                <Button disabled={!idle} appearance="subtle" onClick={() => setPrompt(null)}>
                  Cancel
                </Button>
              </MessageBarActions>
            </MessageBar>
          </div>
        )}
        <div ref={outcome}>
          <ActionOutcome session={session} place="summary" />
        </div>
        <div ref={exportOutcome} className={styles.status} aria-live="polite" tabIndex={-1}>
          {exportStatus?.kind === "working" && <Spinner size="tiny" label={exportStatus.text} labelPosition="after" />}
          {exportStatus?.kind === "done" && (
            <MessageBar intent="success" layout="multiline">
              <MessageBarBody className={styles.text}>{exportStatus.text}</MessageBarBody>
            </MessageBar>
          )}
          {exportStatus?.kind === "failed" && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody className={styles.text}>{exportStatus.text}</MessageBarBody>
            </MessageBar>
          )}
        </div>
      </section>
    </div>
  );
}
