/**
 * Share an amount across chosen lines, equally or by weights: preview every share to the
 * penny (they always add up to the amount), then write them as the lines' allocations.
 */
import { Body1, Button, Checkbox, Field, Input, makeStyles, Radio, RadioGroup, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { SplitShare } from "../../plan/actions";
import type { Money } from "../../plan/money";
import type { DraftLine } from "../drafts";
import { saveAllocationsAction } from "../planActions";
import type { PlanSession } from "../session";
import { DEFAULT_WEIGHT, reviewSplit, type SplitMode } from "../split";
import { SplitPreview } from "./SplitPreview";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  fieldset: { border: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  legend: { padding: 0, fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
});

function isSplitMode(value: string): value is SplitMode {
  return value === "equal" || value === "weights";
}

export function SplitHelper({ lines, session }: { lines: readonly DraftLine[]; session: PlanSession }) {
  const styles = useStyles();
  const [totalText, setTotalText] = useState("");
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<SplitMode>("equal");
  const [weightTexts, setWeightTexts] = useState<Readonly<Record<string, string>>>({});
  const [preview, setPreview] = useState<{ shares: readonly SplitShare[]; shareSum: Money } | null>(null);

  const lineIds = lines.map((l) => l.id).filter((id) => chosen.has(id));
  const review = reviewSplit({ totalText, lineIds, mode, weightTexts });
  // Any change to the inputs makes an earlier preview stale.
  const stale = () => setPreview(null);
  const toggle = (id: string, on: boolean) => {
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
    stale();
  };

  const apply = async (shares: readonly SplitShare[]) => {
    const ok = await session.run(saveAllocationsAction(shares, "Apply split"));
    if (ok) setPreview(null);
  };

  return (
    <div className={styles.root}>
      <Field
        label="Amount to split"
        validationState={totalText !== "" && !review.total.ok ? "error" : "none"}
        validationMessage={totalText !== "" && !review.total.ok ? review.total.message : undefined}
      >
        <Input value={totalText} inputMode="decimal" onChange={(_, d) => {
            setTotalText(d.value);
            stale();
          }} />
      </Field>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Lines to share it</legend>
        {lines.map((l) => (
          <Checkbox
            key={l.id}
            label={`${l.id} ${l.activity}`}
            checked={chosen.has(l.id)}
            onChange={(_, d) => toggle(l.id, d.checked === true)}
          />
        ))}
      </fieldset>
      <Field label="Share it">
        <RadioGroup value={mode} layout="horizontal" onChange={(_, d) => {
            if (isSplitMode(d.value)) setMode(d.value);
            stale();
          }}>
          <Radio value="equal" label="Equally" />
          <Radio value="weights" label="By weights" />
        </RadioGroup>
      </Field>
      {mode === "weights" &&
        lineIds.map((id) => {
          const weight = review.weights[id];
          const message = weight !== undefined && !weight.ok ? weight.message : undefined;
          return (
            <Field key={id} label={`Weight for ${id}`} validationState={message === undefined ? "none" : "error"} validationMessage={message}>
              <Input
                value={weightTexts[id] ?? DEFAULT_WEIGHT}
                inputMode="decimal"
                onChange={(_, d) => {
                  setWeightTexts((w) => ({ ...w, [id]: d.value }));
                  stale();
                }}
              />
            </Field>
          );
        })}
      <div className={styles.actions}>
        <Button
          disabled={review.shares === null}
          onClick={() => review.shares !== null && review.shareSum !== null && setPreview({ shares: review.shares, shareSum: review.shareSum })}
        >
          Preview
        </Button>
        <Button appearance="primary" disabled={preview === null || session.busy !== null} onClick={() => preview !== null && void apply(preview.shares)}>
          Apply split
        </Button>
        {review.blocker !== null && <Body1 aria-live="polite">{review.blocker}</Body1>}
      </div>
      <div aria-live="polite">{preview !== null && <SplitPreview shares={preview.shares} shareSum={preview.shareSum} />}</div>
    </div>
  );
}
