/**
 * File mode: the pane in a plain browser, working on an .xlsx file instead of a workbook
 * open in Excel. A toolbar starts a new plan, opens the example or a file (picker or drag
 * and drop) and saves it back as a download; the plan itself is the same App as in Excel,
 * mounted afresh on every file. Nothing leaves the computer: the file is read and written
 * in the browser.
 */
import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  type Theme,
  Title3,
  tokens,
  useArrowNavigationGroup,
} from "@fluentui/react-components";
import { type ChangeEvent, type DragEvent, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { listInWords, unkeptParts } from "../../xlsx/contents";
import { App } from "../App";
import { cellReference, reasonOf } from "../format";
import { TrackedPort, type TrackedState } from "./trackedPort";
import type { Download, FileHost, PlanFile, ReadFile } from "./types";

// File mode owns the whole browser tab, so the page's own margin goes.
const usePageStyles = makeStaticStyles({ body: { margin: 0 } });

const useStyles = makeStyles({
  provider: { minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground2 },
  page: {
    maxWidth: "56rem",
    marginLeft: "auto",
    marginRight: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    minHeight: "100vh",
    boxShadow: tokens.shadow4,
  },
  header: {
    position: "sticky",
    top: 0,
    zIndex: 1,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalXS },
  save: { marginLeft: "auto" },
  status: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS },
  fileName: { fontWeight: tokens.fontWeightSemibold },
  dirty: { color: tokens.colorPaletteDarkOrangeForeground1 },
  selection: { color: tokens.colorNeutralForeground2 },
  below: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0`,
  },
  dropZone: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    textAlign: "center",
  },
  dropZoneActive: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
  },
  welcome: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM}`,
    "& p": { margin: 0 },
  },
  hidden: { display: "none" },
  // A reason may hold a long web address; it wraps rather than widen the pane.
  message: { overflowWrap: "anywhere" },
});

/** The file open now; `id` remounts the pane when another file replaces it. */
interface Opened {
  readonly id: number;
  readonly file: PlanFile;
  readonly tracked: TrackedPort;
  /** True for a file opened from disk or saved at least once; a new plan or the example is not yet. */
  readonly onDisk: boolean;
  /** What the file holds that Save .xlsx does not write back ("charts", "macros"); empty once the person dismisses the warning. */
  readonly unkept: readonly string[];
}

/** A file as it comes in, before it is open. */
interface Loaded {
  readonly file: PlanFile;
  readonly unkept: readonly string[];
}

const NOTHING_UNKEPT: readonly string[] = [];

interface OpenFailure {
  readonly title: string;
  readonly reason: string;
  /** What became of the plan that was open before. */
  readonly kept: string | null;
}

const NOTHING_TRACKED: TrackedState = { version: 0, savedVersion: 0, dirty: false, selection: null };
const NO_SUBSCRIPTION = () => () => undefined;
const NOTHING = () => NOTHING_TRACKED;

/** "Not an .xlsx file (it is not a zip archive)." from the host's one-line reason. */
export function sentence(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === "") return "No reason was given.";
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The name a file is saved under: always an .xlsx name, since that is what is written. */
export function saveName(name: string): string {
  const trimmed = name.trim() === "" ? "grant-plan" : name.trim();
  if (/\.xlsx$/i.test(trimmed)) return trimmed;
  return `${trimmed.replace(/\.[A-Za-z0-9]{1,5}$/, "")}.xlsx`;
}

export interface FileModeProps {
  host: FileHost;
  download: Download;
  readFile: ReadFile;
  theme: Theme;
}

export function FileMode({ host, download, readFile, theme }: FileModeProps) {
  usePageStyles();
  const styles = useStyles();
  // A toolbar is one tab stop; the arrow keys move between its buttons.
  const arrowKeys = useArrowNavigationGroup({ circular: true, axis: "horizontal", memorizeCurrent: true });
  const [opened, setOpened] = useState<Opened | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<OpenFailure | null>(null);
  const [dragging, setDragging] = useState(false);
  /** An action waiting for the person to agree to lose unsaved changes. */
  const [pendingDiscard, setPendingDiscard] = useState<(() => void) | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const working = useRef(false);
  const nextId = useRef(1);

  const tracked = useSyncExternalStore(opened?.tracked.subscribe ?? NO_SUBSCRIPTION, opened?.tracked.getState ?? NOTHING);
  const dirty = tracked.dirty;

  // Leaving the page (closing the tab, reloading) would lose unsaved changes: let the browser ask.
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // A file dropped outside the drop zone would make the browser leave the pane to show it.
  useEffect(() => {
    const stay = (event: globalThis.DragEvent) => event.preventDefault();
    window.addEventListener("dragover", stay);
    window.addEventListener("drop", stay);
    return () => {
      window.removeEventListener("dragover", stay);
      window.removeEventListener("drop", stay);
    };
  }, []);

  /** Opens whatever `load` produces in place of the current file; on failure the current file stays. */
  const replaceWith = useCallback(
    async (busyLabel: string, title: string, load: () => Promise<Loaded>, onDisk: boolean): Promise<void> => {
      if (working.current) return;
      working.current = true;
      setBusy(busyLabel);
      setFailure(null);
      try {
        const { file, unkept } = await load();
        setOpened({ id: nextId.current++, file, tracked: new TrackedPort(file.port), onDisk, unkept });
      } catch (error) {
        setFailure({ title, reason: sentence(reasonOf(error)), kept: opened === null ? null : opened.file.name });
      } finally {
        working.current = false;
        setBusy(null);
      }
    },
    [opened],
  );

  /** Runs `action` now, or after the person agrees to discard unsaved changes. */
  const afterConfirming = (action: () => void) => {
    if (working.current) return;
    if (dirty) setPendingDiscard(() => action);
    else action();
  };

  const openFile = (file: File) =>
    void replaceWith(
      `Opening ${file.name}…`,
      `${file.name} could not be opened`,
      async () => {
        const bytes = await readFile(file);
        // Looked at before the host reads the bytes, in case it takes them over.
        const unkept = unkeptParts(new Uint8Array(bytes));
        return { file: await host.open(file.name, bytes), unkept };
      },
      true,
    );

  const newPlan = async (make: () => Promise<PlanFile>): Promise<Loaded> => ({ file: await make(), unkept: NOTHING_UNKEPT });
  const newBlank = () =>
    afterConfirming(() => void replaceWith("Setting up a blank plan…", "The blank plan could not be set up", () => newPlan(() => host.blankPlan()), false));
  const openExample = () =>
    afterConfirming(() => void replaceWith("Opening the example…", "The example could not be opened", () => newPlan(() => host.examplePlan()), false));
  const choose = () => afterConfirming(() => picker.current?.click());

  const picked = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    // Cleared so that choosing the same file again opens it again.
    event.currentTarget.value = "";
    if (file !== undefined) openFile(file);
  };

  const save = async () => {
    if (opened === null || working.current) return;
    working.current = true;
    setBusy(`Saving ${saveName(opened.file.name)}…`);
    setFailure(null);
    const version = opened.tracked.getState().version;
    try {
      const bytes = await opened.file.bytes();
      download(bytes, saveName(opened.file.name));
      opened.tracked.markSaved(version);
      const savedId = opened.id;
      setOpened((now) => (now !== null && now.id === savedId && !now.onDisk ? { ...now, onDisk: true } : now));
    } catch (error) {
      setFailure({ title: `${saveName(opened.file.name)} was not saved`, reason: sentence(reasonOf(error)), kept: null });
    } finally {
      working.current = false;
      setBusy(null);
    }
  };

  const dismissWarning = () => setOpened((now) => (now === null ? now : { ...now, unkept: NOTHING_UNKEPT }));

  const dragOver = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    setDragging(true);
  };

  const dropped = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    const [file] = files;
    if (file === undefined) return;
    if (files.length > 1) {
      setFailure({ title: "More than one file was dropped", reason: "Drop one .xlsx file at a time.", kept: opened?.file.name ?? null });
      return;
    }
    afterConfirming(() => openFile(file));
  };

  const selection = tracked.selection;
  const selectedText =
    opened !== null && selection !== null
      ? (() => {
          const where = cellReference(selection.sheet, selection.cell);
          const shown = opened.file.shownValue(selection.sheet, selection.cell);
          return shown === null ? `Selected ${where}` : `Selected ${where}: ${shown}`;
        })()
      : "";

  return (
    <FluentProvider theme={theme} className={styles.provider}>
      <div className={styles.page}>
        <header className={styles.header}>
          {/* Buttons stay enabled while a file opens (a click then is ignored), so keyboard focus stays put. */}
          <div role="toolbar" aria-label="File" className={styles.toolbar} {...arrowKeys}>
            <Button appearance="subtle" onClick={newBlank}>
              New blank plan
            </Button>
            <Button appearance="subtle" onClick={openExample}>
              Open the example
            </Button>
            <Button appearance="subtle" onClick={choose}>
              Open .xlsx…
            </Button>
            <Button appearance="primary" className={styles.save} disabled={opened === null} onClick={() => void save()}>
              Save .xlsx
            </Button>
          </div>
          <input
            ref={picker}
            type="file"
            accept=".xlsx"
            aria-label="Open .xlsx file"
            tabIndex={-1}
            className={styles.hidden}
            onChange={picked}
          />
          <div className={styles.status}>
            <Text role="status" aria-live="polite">
              {busy !== null ? (
                <Spinner size="extra-tiny" label={busy} labelPosition="after" />
              ) : opened === null ? (
                "No file open"
              ) : (
                <>
                  <span className={styles.fileName}>{opened.file.name}</span>
                  {" — "}
                  <span className={mergeClasses(dirty && styles.dirty)}>{dirty ? "unsaved changes" : opened.onDisk ? "saved" : "not saved yet"}</span>
                </>
              )}
            </Text>
            <Text role="status" aria-live="polite" className={styles.selection}>
              {selectedText}
            </Text>
          </div>
          {failure !== null && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody className={styles.message}>
                <MessageBarTitle>{failure.title}</MessageBarTitle>
                {failure.reason}
                {failure.kept !== null && ` ${failure.kept} is still open, unchanged.`}
              </MessageBarBody>
              <MessageBarActions>
                <Button onClick={() => setFailure(null)}>Dismiss</Button>
              </MessageBarActions>
            </MessageBar>
          )}
        </header>
        <div className={styles.below}>
          {opened !== null && opened.unkept.length > 0 && (
            // A landmark of its own, named by its title: no part of the page lies outside every landmark.
            <section aria-labelledby="unkept-title">
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody className={styles.message}>
                  <MessageBarTitle id="unkept-title">
                    {opened.file.name} has {listInWords(opened.unkept)}
                  </MessageBarTitle>
                  Grant Planner cannot keep them: Save .xlsx writes a copy without them. Keep your original file, and use
                  the saved copy only for the plan&apos;s figures.
                </MessageBarBody>
                <MessageBarActions>
                  <Button aria-label="Dismiss the warning" onClick={dismissWarning}>
                    Dismiss
                  </Button>
                </MessageBarActions>
              </MessageBar>
            </section>
          )}
          <div
            role="region"
            aria-label="Drop an .xlsx file here"
            className={mergeClasses(styles.dropZone, dragging && styles.dropZoneActive)}
            onDragEnter={dragOver}
            onDragOver={dragOver}
            onDragLeave={() => setDragging(false)}
            onDrop={dropped}
          >
            <Body1>Drop an .xlsx file here, or choose Open .xlsx… above.</Body1>
          </div>
        </div>
        {opened === null ? (
          <main className={styles.welcome} aria-labelledby="file-mode-title">
            <Title3 as="h1" id="file-mode-title">
              Grant Planner
            </Title3>
            <Body1 as="p">
              Plan grants in an .xlsx workbook, right here in the browser. Nothing is uploaded: the file stays on this
              computer, and Save .xlsx downloads it again with your changes.
            </Body1>
            <Body1 as="p">
              Start a new blank plan, open the example (the Sefton Safer Communities Budget Plan 2020/21), or open a plan
              saved from Excel or from here.
            </Body1>
          </main>
        ) : (
          <App key={opened.id} port={opened.tracked} theme={theme} />
        )}
      </div>
      <Dialog open={pendingDiscard !== null} onOpenChange={(_, data) => !data.open && setPendingDiscard(null)}>
        <DialogSurface aria-describedby="discard-reason">
          <DialogBody>
            <DialogTitle>Discard unsaved changes?</DialogTitle>
            <DialogContent id="discard-reason">
              {opened?.file.name ?? "This plan"} has changes that are not saved. Choose Save .xlsx first to keep them.
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => {
                  const action = pendingDiscard;
                  setPendingDiscard(null);
                  action?.();
                }}
              >
                Discard changes
              </Button>
              <Button onClick={() => setPendingDiscard(null)}>Keep editing</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </FluentProvider>
  );
}
