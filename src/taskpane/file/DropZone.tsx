/** Where a person can drop an .xlsx file; a file dropped anywhere else on the page is ignored, not opened by the browser. */
import { Body1, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { type DragEvent, useEffect, useState } from "react";

const useStyles = makeStyles({
  dropZone: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    textAlign: "center",
  },
  active: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
  },
});

export function DropZone({ onFiles }: { onFiles: (files: readonly File[]) => void }) {
  const styles = useStyles();
  const [dragging, setDragging] = useState(false);

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

  const over = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    setDragging(true);
  };

  return (
    <div
      role="region"
      aria-label="Drop an .xlsx file here"
      className={mergeClasses(styles.dropZone, dragging && styles.active)}
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        onFiles(Array.from(event.dataTransfer.files));
      }}
    >
      <Body1>Drop an .xlsx file here, or choose Open .xlsx… above.</Body1>
    </div>
  );
}
