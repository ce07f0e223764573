/** Chooses which grant's lines the Allocate tab works on. */
import { Field, Select } from "@fluentui/react-components";
import type { Grant } from "../../plan/model";

export function GrantPicker({ grants, value, onChange }: { grants: readonly Grant[]; value: string; onChange: (grantId: string) => void }) {
  return (
    <Field label="Grant">
      <Select value={value} onChange={(_, data) => onChange(data.value)}>
        {grants.map((g, i) => (
          <option key={`${g.id}-${i}`} value={g.id}>
            {g.name ? `${g.name} (${g.id})` : g.id}
          </option>
        ))}
      </Select>
    </Field>
  );
}
