/** Adds an activity line to the grant, with the next free line ID, below the Lines table. */
import { Body1, Button, Field, Input, makeStyles, Select, tokens } from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { parseMoneyInput } from "../../plan/money";
import { addLineAction } from "../planActions";
import { ActionOutcome } from "./ActionOutcome";
import { MoneyInput } from "./MoneyInput";
import type { PlanSession } from "../session";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  actions: { display: "flex" },
});

export interface AddLineFormProps {
  grantId: string;
  /** The ID the new line will get, as things stand. */
  nextId: string;
  /** The grant's eligible priority areas; empty when it funds any. */
  eligibleAreas: readonly string[];
  session: PlanSession;
}

const EMPTY = { activity: "", theme: "", lead: "", allocation: "", area: "" };

export function AddLineForm({ grantId, nextId, eligibleAreas, session }: AddLineFormProps) {
  const styles = useStyles();
  const [form, setForm] = useState(EMPTY);
  const [tried, setTried] = useState(false);
  const set = (key: keyof typeof EMPTY) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const activityMissing = form.activity.trim() === "";
  const allocation = form.allocation.trim() === "" ? null : parseMoneyInput(form.allocation);
  const allocationProblem = allocation !== null && !allocation.ok ? allocation.message : undefined;
  const areaMissing = eligibleAreas.length > 0 && form.area === "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (activityMissing || allocationProblem !== undefined || areaMissing) return;
    const ok = await session.run(
      addLineAction({
        grantId,
        activity: form.activity,
        theme: form.theme,
        lead: form.lead,
        allocation: allocation?.ok === true ? allocation.value : null,
        priorityAreas: form.area === "" ? [] : [form.area],
      }),
    );
    if (ok) {
      setForm(EMPTY);
      setTried(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label="Add a line" noValidate>
      <Body1 as="p">The new line will be {nextId}.</Body1>
      <Field
        label="Activity"
        required
        validationState={tried && activityMissing ? "error" : "none"}
        validationMessage={tried && activityMissing ? "Enter the activity this line pays for." : undefined}
      >
        <Input value={form.activity} onChange={(_, d) => set("activity")(d.value)} />
      </Field>
      <Field label="Theme">
        <Input value={form.theme} onChange={(_, d) => set("theme")(d.value)} />
      </Field>
      <Field label="Lead organisation">
        <Input value={form.lead} onChange={(_, d) => set("lead")(d.value)} />
      </Field>
      <Field
        label="Allocation"
        hint="Leave blank if not decided yet."
        validationState={allocationProblem === undefined ? "none" : "error"}
        validationMessage={allocationProblem}
      >
        <MoneyInput value={form.allocation} onValue={set("allocation")} />
      </Field>
      {eligibleAreas.length > 0 && (
        <Field
          label="Priority area"
          required
          validationState={tried && areaMissing ? "error" : "none"}
          validationMessage={tried && areaMissing ? "This grant funds only its priority areas: choose one." : undefined}
        >
          <Select value={form.area} onChange={(_, d) => set("area")(d.value)}>
            <option value="">Choose an area</option>
            {eligibleAreas.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={session.busy !== null}>
          Add line
        </Button>
      </div>
      <ActionOutcome session={session} place="add-line" />
    </form>
  );
}
