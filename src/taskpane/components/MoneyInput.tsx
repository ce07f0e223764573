/**
 * A box for an amount of money: figures line up on the right as in Excel, and on leaving
 * the box what was typed is shown the way the pane writes money ("120000" → "£120,000.00").
 * Text that is not an amount is left as typed, so its inline message can say why.
 */
import { Input, type InputProps, makeStyles, mergeClasses } from "@fluentui/react-components";
import { formatGBP, parseMoneyInput } from "../../plan/money";

const useStyles = makeStyles({
  root: { "& input": { textAlign: "end", fontVariantNumeric: "tabular-nums" } },
});

/** "£120,000.00" for "120000"; null when the text is blank or not an amount. */
export function tidyAmount(text: string): string | null {
  if (text.trim() === "") return null;
  const input = parseMoneyInput(text);
  return input.ok ? formatGBP(input.value) : null;
}

export interface MoneyInputProps extends Omit<InputProps, "value" | "onChange" | "inputMode"> {
  value: string;
  onValue: (text: string) => void;
}

export function MoneyInput({ value, onValue, className, onBlur, ...rest }: MoneyInputProps) {
  const styles = useStyles();
  return (
    <Input
      {...rest}
      className={mergeClasses(styles.root, className)}
      value={value}
      inputMode="decimal"
      onChange={(_, data) => onValue(data.value)}
      onBlur={(event) => {
        const tidy = tidyAmount(value);
        if (tidy !== null && tidy !== value) onValue(tidy);
        onBlur?.(event);
      }}
    />
  );
}
