/** For a workbook that is not a plan yet: why, and the two ways to start one. */
import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import { EXAMPLES } from "../../plan/examples";
import { EXAMPLE_NAME } from "../planActions";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export interface SetupOfferProps {
  reason: string;
  disabled: boolean;
  onSetup: (template: "blank" | "example") => void;
}

export function SetupOffer({ reason, disabled, onSetup }: SetupOfferProps) {
  const styles = useStyles();
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
