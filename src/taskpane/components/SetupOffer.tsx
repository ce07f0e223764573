/**
 * For a workbook that is not a plan yet: why, and the two ways to start one. Fetched with
 * the core's set-up code and the example only when a workbook needs it (parts.tsx).
 */
import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import { EXAMPLES } from "../../plan/examples";
import { EXAMPLE_NAME } from "../actionNames";
import { setupAction } from "../planActions";
import type { PlanSession } from "../session";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export interface SetupOfferProps {
  reason: string;
  session: PlanSession;
}

export function SetupOffer({ reason, session }: SetupOfferProps) {
  const styles = useStyles();
  const disabled = session.busy !== null;
  const onSetup = (template: "blank" | "example") => void session.run(setupAction(template));
  const exampleTitle = EXAMPLES[EXAMPLE_NAME]?.title ?? "the example plan";
  return (
    <div className={styles.root}>
      <Body1 as="p">
        This workbook is not a grant plan yet ({reason}); setting one up adds the Grants, Priority areas, Lines and
        Measures sheets and changes nothing else.
      </Body1>
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={disabled} onClick={() => onSetup("blank")}>
          Set up a blank plan
        </Button>
        <Button disabled={disabled} onClick={() => onSetup("example")} aria-describedby="example-title">
          Set up the example
        </Button>
      </div>
      <Body1 as="p" id="example-title">
        The example is the {exampleTitle}: two grants, eleven lines and their measures.
      </Body1>
    </div>
  );
}
