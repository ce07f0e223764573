/**
 * The questions file mode asks before it loses something: discard unsaved changes, or save
 * a copy without the parts it cannot keep. The safe answer is the primary, focused-first
 * button; the one that loses something is a plain button.
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";
import { listInWords } from "../../xlsx/contents";
import type { Question } from "./useFileSession";

export interface QuestionDialogProps {
  question: Question | null;
  fileName: string;
  onAnswer: (yes: boolean) => void;
}

export function QuestionDialog({ question, fileName, onAnswer }: QuestionDialogProps) {
  const words =
    question?.kind === "save-unkept"
      ? question.parts.length > 0
        ? {
            title: `Save a copy without its ${listInWords(question.parts)}?`,
            body: `${fileName} has ${listInWords(question.parts)}. Grant Planner cannot keep them: the file Save .xlsx downloads has the plan without them. Keep your original file as well.`,
            cut: question.cut,
            yes: "Save without them",
            no: "Cancel",
          }
        : {
            title: "Save a copy with large ranges cut?",
            body: `To write ${fileName}, Grant Planner cut ranges that reach far beyond the part of the sheet in use. Keep your original file as well.`,
            cut: question.cut,
            yes: "Save",
            no: "Cancel",
          }
      : {
          title: "Discard unsaved changes?",
          body: `${fileName} has changes that are not saved. Choose Save .xlsx first to keep them.`,
          cut: [],
          yes: "Discard changes",
          no: "Keep editing",
        };
  return (
    <Dialog open={question !== null} onOpenChange={(_, data) => !data.open && onAnswer(false)}>
      <DialogSurface aria-describedby="question-body">
        <DialogBody>
          <DialogTitle>{words.title}</DialogTitle>
          <DialogContent id="question-body">
            {words.body}
            {words.cut.length > 0 && (
              <ul aria-label="Ranges cut">
                {words.cut.map((sentence) => (
                  <li key={sentence}>{sentence}</li>
                ))}
              </ul>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => onAnswer(false)}>
              {words.no}
            </Button>
            <Button onClick={() => onAnswer(true)}>{words.yes}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
