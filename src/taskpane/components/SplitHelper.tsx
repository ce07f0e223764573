/**
 * Share an amount across chosen lines, equally or by weights: preview every line's old →
 * new amount to the penny (the shares always add up to the amount) and what the grant has
 * left, write them as the lines' allocations, and undo that if it was a mistake.
 */
import { Body1, Button, Checkbox, Field, Input, makeStyles, Radio, RadioGroup, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { Money } from "../../plan/money";
import type { DraftLine } from "../drafts";
import { applySplitAction, undoSplitAction } from "../planActions";
import type { PlanSession } from "../session";
import { DEFAULT_WEIGHT, reviewSplit, type SplitEffect, splitEffect, type SplitMode } from "../split";
import { ActionOutcome } from "./ActionOutcome";
import { MoneyInput } from "./MoneyInput";
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

export interface SplitHelperProps {
  lines: readonly DraftLine[];
  /** The grant's award, for what is left after the split; null when it is not an amount. */
  award: Money | null;
  session: PlanSession;
}

export function SplitHelper({ lines, award, session }: SplitHelperProps) {
  const styles = useStyles();
  const [totalText, setTotalText] = useState("");
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<SplitMode>("equal");
  const [weightTexts, setWeightTexts] = useState<Readonly<Record<string, string>>>({});
  const [preview, setPreview] = useState<{ effect: SplitEffect; shareSum: Money } | null>(null);
  /** The split last written, until it is undone: what each line held before and after. */
  const [applied, setApplied] = useState<SplitEffect | null>(null);

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

  const apply = async (effect: SplitEffect) => {
    const ok = await session.run(applySplitAction(effect.rows));
    if (ok) {
      setPreview(null);
      setApplied(effect);
    }
  };

  const undo = async (effect: SplitEffect) => {
    const ok = await session.run(undoSplitAction(effect.rows));
    if (ok) setApplied(null);
  };

  return (
    <div className={styles.root}>
      <Field
        label="Amount to split"
        validationState={totalText !== "" && !review.total.ok ? "error" : "none"}
        validationMessage={totalText !== "" && !review.total.ok ? review.total.message : undefined}
      >
        <MoneyInput
          value={totalText}
          onValue={(text) => {
            if (text !== totalText) stale();
            setTotalText(text);
          }}
        />
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
          onClick={() =>
            review.shares !== null && review.shareSum !== null && setPreview({ effect: splitEffect(lines, award, review.shares), shareSum: review.shareSum })
          }
        >
          Preview
        </Button>
        <Button appearance="primary" disabled={preview === null || session.busy !== null} onClick={() => preview !== null && void apply(preview.effect)}>
          Apply split
        </Button>
        {applied !== null && (
          <Button disabled={session.busy !== null} onClick={() => void undo(applied)} aria-describedby="undo-split-what">
            Undo split
          </Button>
        )}
        {/* Always in the page, so that a reason appearing in it is announced. */}
        <Body1 aria-live="polite">{review.blocker ?? ""}</Body1>
      </div>
      {applied !== null && (
        <Body1 as="p" id="undo-split-what">
          Undo split puts back what {applied.rows.length === 1 ? "the line" : `the ${applied.rows.length} lines`} held before, unless someone has changed them since.
        </Body1>
      )}
      <ActionOutcome session={session} place="split" />
      <div aria-live="polite">{preview !== null && <SplitPreview effect={preview.effect} shareSum={preview.shareSum} />}</div>
    </div>
  );
}
