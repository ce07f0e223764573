/**
 * File mode: the pane in a plain browser, working on an .xlsx file instead of a workbook
 * open in Excel. A toolbar starts a new plan, opens the example or a file (picker or drag
 * and drop) and saves it back as a download; the plan itself is the same App as in Excel,
 * mounted afresh on every file. Nothing leaves the computer: the file is read and written
 * in the browser. This module lays the page out; useFileSession holds what happens.
 */
import { FluentProvider, makeStaticStyles, makeStyles, type Theme, tokens } from "@fluentui/react-components";
import { type ChangeEvent, useRef } from "react";
import { App } from "../App";
import { DropZone } from "./DropZone";
import { FailureBar } from "./FailureBar";
import { FileStatus } from "./FileStatus";
import { FileToolbar } from "./FileToolbar";
import { QuestionDialog } from "./QuestionDialog";
import type { Download, FileHost, ReadFile } from "./types";
import { UnkeptWarning } from "./UnkeptWarning";
import { useFileSession } from "./useFileSession";
import { Welcome } from "./Welcome";

export { saveName, sentence } from "./names";

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
    zIndex: 2,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  below: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0`,
  },
  hidden: { display: "none" },
});

export interface FileModeProps {
  host: FileHost;
  download: Download;
  readFile: ReadFile;
  theme: Theme;
}

export function FileMode({ host, download, readFile, theme }: FileModeProps) {
  usePageStyles();
  const styles = useStyles();
  const picker = useRef<HTMLInputElement>(null);
  const session = useFileSession({ host, download, readFile, pick: () => picker.current?.click() });
  const { opened } = session;

  const picked = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.currentTarget.files ?? []);
    // Cleared so that choosing the same file again opens it again.
    event.currentTarget.value = "";
    // Choosing Open .xlsx… already asked about unsaved changes: the picked file opens without asking again.
    session.openChosen(files.slice(0, 1));
  };

  return (
    <FluentProvider theme={theme} className={styles.provider}>
      <div className={styles.page}>
        <header className={styles.header}>
          <FileToolbar
            canSave={opened !== null}
            onNewBlank={session.newBlank}
            onOpenExample={session.openExample}
            onChoose={session.choose}
            onSave={session.save}
          />
          <input ref={picker} type="file" accept=".xlsx" aria-label="Open .xlsx file" tabIndex={-1} className={styles.hidden} onChange={picked} />
          <FileStatus opened={opened} busy={session.busy} tracked={session.tracked} />
          {/* Always in the page, so that a failure appearing in it is announced. */}
          <div aria-live="polite">
            {session.failure !== null && <FailureBar failure={session.failure} onDismiss={session.dismissFailure} />}
          </div>
        </header>
        <div className={styles.below}>
          {opened !== null && opened.warning && <UnkeptWarning fileName={opened.file.name} parts={opened.unkept} onDismiss={session.dismissWarning} />}
          <DropZone onFiles={session.openFiles} />
        </div>
        {opened === null ? <Welcome /> : <App key={opened.id} port={opened.tracked} theme={theme} planName={opened.file.name} />}
      </div>
      <QuestionDialog question={session.question} fileName={opened?.file.name ?? "This plan"} onAnswer={session.answer} />
    </FluentProvider>
  );
}
