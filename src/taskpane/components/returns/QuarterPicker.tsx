/** Chooses a quarter among the plan's: "Q2 2020/21 (Jul – Sep 2020)". */
import { Field, Select } from "@fluentui/react-components";
import type { QuarterOption } from "../../returnsQuarters";

export interface QuarterPickerProps {
  label: string;
  options: readonly QuarterOption[];
  value: string;
  onChange: (value: string) => void;
  hint?: string;
}

export function QuarterPicker({ label, options, value, onChange, hint }: QuarterPickerProps) {
  return (
    <Field label={label} hint={hint}>
      <Select value={value} onChange={(_, data) => onChange(data.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
