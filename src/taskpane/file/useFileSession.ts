/**
 * File mode's state and actions, apart from how they look: the file open now, what the
 * shell is doing, the last failure, and the questions waiting for the person (discard
 * unsaved changes? save a copy without the parts it cannot keep?). One open or save at
 * a time; a click meanwhile is ignored.
 *
 * Reading runs on the page's own thread, not in a Web Worker. The .xlsx host keeps the
 * opened workbook in memory to write allocations into and to produce the saved bytes, so
 * a worker would have to hold the workbook for the whole session and every read, write
 * and save would cross a message channel. The plan reader is bounded instead (it reads
 * only the plan's parts, with caps on sizes and extents, so a hostile file fails within
 * seconds), and the shell stays usable meanwhile: the toolbar is never disabled while a
 * file opens, and the spinner says what is being opened.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { unkeptParts } from "../../xlsx/contents";
import { reasonOf } from "../format";
import { saveName, sentence } from "./names";
import { TrackedPort, type TrackedState } from "./trackedPort";
import type { Download, FileHost, PlanFile, ReadFile } from "./types";

/** The file open now; `id` remounts the pane when another file replaces it. */
export interface Opened {
  readonly id: number;
  readonly file: PlanFile;
  readonly tracked: TrackedPort;
  /** True for a file opened from disk or saved at least once; a new plan or the example is not yet. */
  readonly onDisk: boolean;
  /** What the file holds that Save .xlsx does not write back ("charts", "macros"). */
  readonly unkept: readonly string[];
  /** False once the person dismissed the warning about `unkept`; Save .xlsx still asks. */
  readonly warning: boolean;
}

export interface Failure {
  readonly title: string;
  readonly reason: string;
  /** What became of the plan that was open before. */
  readonly kept: string | null;
}

/** A question waiting for the person's answer. */
export type Question = { readonly kind: "discard"; readonly then: () => void } | { readonly kind: "save-unkept"; readonly parts: readonly string[]; readonly cut: readonly string[] };

export interface FileSession {
  readonly opened: Opened | null;
  readonly busy: string | null;
  readonly failure: Failure | null;
  readonly tracked: TrackedState;
  readonly question: Question | null;
  newBlank(): void;
  openExample(): void;
  /** Opens the file picker (after asking, if changes are unsaved). */
  choose(): void;
  /** A file dropped: opened after asking, if changes are unsaved. */
  openFiles(files: readonly File[]): void;
  /** A file picked in the picker `choose` opened: the person was asked there, so not again. */
  openChosen(files: readonly File[]): void;
  /** Save .xlsx: saves at once, or first asks when the file has parts the copy leaves out. */
  save(): void;
  answer(yes: boolean): void;
  dismissFailure(): void;
  dismissWarning(): void;
}

interface Loaded {
  readonly file: PlanFile;
  readonly unkept: readonly string[];
}

const NOTHING_UNKEPT: readonly string[] = [];
const NOTHING_TRACKED: TrackedState = { version: 0, savedVersion: 0, dirty: false, selection: null };
const NO_SUBSCRIPTION = () => () => undefined;
const NOTHING = () => NOTHING_TRACKED;

export interface FileSessionOptions {
  host: FileHost;
  download: Download;
  readFile: ReadFile;
  /** Clicks the hidden file input. */
  pick: () => void;
}

export function useFileSession({ host, download, readFile, pick }: FileSessionOptions): FileSession {
  const [opened, setOpened] = useState<Opened | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [question, setQuestion] = useState<Question | null>(null);
  const working = useRef(false);
  const nextId = useRef(1);

  const tracked = useSyncExternalStore(opened?.tracked.subscribe ?? NO_SUBSCRIPTION, opened?.tracked.getState ?? NOTHING);
  useLeaveWarning(tracked.dirty);

  /** Opens whatever `load` produces in place of the current file; on failure the current file stays. */
  const replaceWith = useCallback(
    async (busyLabel: string, title: string, load: () => Promise<Loaded>, onDisk: boolean): Promise<void> => {
      if (working.current) return;
      working.current = true;
      setBusy(busyLabel);
      setFailure(null);
      try {
        const { file, unkept } = await load();
        setOpened({ id: nextId.current++, file, tracked: new TrackedPort(file.port), onDisk, unkept, warning: unkept.length > 0 });
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
    if (tracked.dirty) setQuestion({ kind: "discard", then: action });
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

  /** Opens the one file among `files`, through `confirm` (which asks first, or not). */
  const openOne = (files: readonly File[], confirm: (open: () => void) => void) => {
    const [file] = files;
    if (file === undefined) return;
    if (files.length > 1) {
      setFailure({ title: "More than one file was dropped", reason: "Drop one .xlsx file at a time.", kept: opened?.file.name ?? null });
      return;
    }
    confirm(() => openFile(file));
  };

  const newPlan = async (make: () => Promise<PlanFile>): Promise<Loaded> => ({ file: await make(), unkept: NOTHING_UNKEPT });

  const saveNow = async (now: Opened) => {
    if (working.current) return;
    working.current = true;
    setBusy(`Saving ${saveName(now.file.name)}…`);
    setFailure(null);
    const version = now.tracked.getState().version;
    try {
      const bytes = await now.file.bytes();
      download(bytes, saveName(now.file.name));
      now.tracked.markSaved(version);
      setOpened((current) => (current !== null && current.id === now.id && !current.onDisk ? { ...current, onDisk: true } : current));
    } catch (error) {
      setFailure({ title: `${saveName(now.file.name)} was not saved`, reason: sentence(reasonOf(error)), kept: null });
    } finally {
      working.current = false;
      setBusy(null);
    }
  };

  return {
    opened,
    busy,
    failure,
    tracked,
    question,
    newBlank: () =>
      afterConfirming(() => void replaceWith("Setting up a blank plan…", "The blank plan could not be set up", () => newPlan(() => host.blankPlan()), false)),
    openExample: () =>
      afterConfirming(() => void replaceWith("Opening the example…", "The example could not be opened", () => newPlan(() => host.examplePlan()), false)),
    choose: () => afterConfirming(pick),
    openFiles: (files) => openOne(files, afterConfirming),
    openChosen: (files) => openOne(files, (open) => open()),
    save: () => {
      if (opened === null || working.current) return;
      const cut = opened.file.cutOnSave();
      if (opened.unkept.length > 0 || cut.length > 0) setQuestion({ kind: "save-unkept", parts: opened.unkept, cut });
      else void saveNow(opened);
    },
    answer: (yes) => {
      const asked = question;
      setQuestion(null);
      if (!yes || asked === null) return;
      if (asked.kind === "discard") asked.then();
      else if (opened !== null) void saveNow(opened);
    },
    dismissFailure: () => setFailure(null),
    dismissWarning: () => setOpened((now) => (now === null ? now : { ...now, warning: false })),
  };
}

/** Leaving the page (closing the tab, reloading) would lose unsaved changes: let the browser ask. */
function useLeaveWarning(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
}
