/** Tabs that need a plan say so, and where to set one up. */
import { Body1 } from "@fluentui/react-components";

export function NotAPlanNote({ reason }: { reason: string }) {
  return <Body1 as="p">This workbook is not a grant plan yet ({reason}). Set one up on the Plan tab.</Body1>;
}
