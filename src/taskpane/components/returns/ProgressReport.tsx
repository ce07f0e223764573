/**
 * The partnership manager's picture as at a quarter: per grant and line, spend against
 * profile and allocation; per measure, actual against target with a bar and a suggested
 * status; filters by lead, status and theme; and the returns that are due.
 * Laid out as stacked figures rather than wide tables, so it reads at 320 px.
 */
import { Body1, Caption1, Card, Field, makeStyles, Select, Subtitle2, tokens, useId } from "@fluentui/react-components";
import { useState } from "react";
import type { Plan } from "../../../plan/model";
import type { Progress } from "../../../plan/returns/model";
import type { StatusChoice } from "../../returnsDraft";
import {
  ALL_FILTERS,
  filterOptions,
  formatFigure,
  type GrantView,
  type LineView,
  measureMeter,
  type MeasureView,
  moneyText,
  NO_STATUS,
  type ProgressFilters,
  progressViews,
  returnsDue,
  spendAgainstProfile,
  statusText,
} from "../../returnsProgress";
import { Meter } from "./Meter";
import { StatusBadge } from "./StatusBadge";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  filters: { display: "grid", gridTemplateColumns: "1fr", rowGap: tokens.spacingVerticalS },
  section: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  list: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyleType: "none" },
  figures: { display: "grid", gridTemplateColumns: "auto 1fr", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, textAlign: "end", fontVariantNumeric: "tabular-nums" },
  over: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  measure: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    paddingTop: tokens.spacingVerticalXS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowWrap: "break-word",
  },
  caption: { color: tokens.colorNeutralForeground2 },
  wrap: { overflowWrap: "break-word" },
});

function FilterSelect({ label, value, onChange, options }: { label: string; value: string; onChange: (v: string) => void; options: readonly { value: string; label: string }[] }) {
  return (
    <Field label={label}>
      <Select value={value} onChange={(_, data) => onChange(data.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function MeasureItem({ view, choices }: { view: MeasureView; choices: readonly StatusChoice[] }) {
  const styles = useStyles();
  const mp = view.progress;
  const meter = measureMeter(mp);
  const name = view.measure?.description || mp.id;
  return (
    <li className={styles.measure}>
      <Body1 block>
        <strong>{mp.id}</strong> {name}
      </Body1>
      {meter !== null ? (
        <Meter label={`${mp.id} actual against target to date`} figures={meter} />
      ) : (
        <Caption1 className={styles.caption}>No figures: its progress is its status.</Caption1>
      )}
      {mp.target !== null && (
        <Caption1>
          Full-year target {formatFigure(mp.target)}
          {view.measure?.unit ? ` ${view.measure.unit}` : ""}
        </Caption1>
      )}
      <Caption1>
        Status: <StatusBadge choices={choices} status={mp.status} />
        {mp.suggested !== "" && !sameWords(mp.suggested, mp.status) && <> · suggested {statusText(choices, mp.suggested)}</>}
      </Caption1>
    </li>
  );
}

function sameWords(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function LineItem({ view, choices }: { view: LineView; choices: readonly StatusChoice[] }) {
  const styles = useStyles();
  const headingId = useId("progress-line-");
  const lp = view.progress;
  const overspent = lp.remaining !== null && lp.remaining.isNegative() && !lp.remaining.isZero();
  return (
    <Card role="article" aria-labelledby={headingId}>
      <div className={styles.wrap}>
        <Subtitle2 block as="h4" id={headingId}>
          {lp.id} {view.line?.activity ?? ""}
        </Subtitle2>
        <Caption1 block as="p" className={styles.caption}>
          {[lp.lead, lp.theme].filter((x) => x.trim() !== "").join(" · ")}
        </Caption1>
      </div>
      <dl className={styles.figures}>
        <dt className={styles.term}>Allocation</dt>
        <dd className={styles.value}>{moneyText(lp.allocation)}</dd>
        <dt className={styles.term}>Profile to date</dt>
        <dd className={styles.value}>{moneyText(lp.profileToDate)}</dd>
        <dt className={styles.term}>Spend to date</dt>
        <dd className={styles.value}>{moneyText(lp.spendToDate)}</dd>
        <dt className={styles.term}>Against profile</dt>
        <dd className={styles.value}>{spendAgainstProfile(lp)}</dd>
        <dt className={styles.term}>Remaining</dt>
        <dd className={overspent ? `${styles.value} ${styles.over}` : styles.value}>{moneyText(lp.remaining)}</dd>
        <dt className={styles.term}>Status</dt>
        <dd className={styles.value}>
          <StatusBadge choices={choices} status={lp.status} />
        </dd>
      </dl>
      {view.measures.length > 0 && (
        <ul className={styles.list} aria-label={`Measures of ${lp.id}`}>
          {view.measures.map((m, i) => (
            <MeasureItem key={`${m.progress.id}-${i}`} view={m} choices={choices} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function GrantSection({ view, choices }: { view: GrantView; choices: readonly StatusChoice[] }) {
  const styles = useStyles();
  const headingId = useId("progress-grant-");
  const g = view.progress;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId}>
        {view.name}
      </Subtitle2>
      <dl className={styles.figures}>
        <dt className={styles.term}>Award</dt>
        <dd className={styles.value}>{moneyText(g.award)}</dd>
        <dt className={styles.term}>Allocated</dt>
        <dd className={styles.value}>{moneyText(g.allocated)}</dd>
        <dt className={styles.term}>Spend to date</dt>
        <dd className={styles.value}>{moneyText(g.spendToDate)}</dd>
        <dt className={styles.term}>Remaining</dt>
        <dd className={styles.value}>{moneyText(g.remaining)}</dd>
      </dl>
      {view.lines.map((l, i) => (
        <LineItem key={`${l.progress.id}-${i}`} view={l} choices={choices} />
      ))}
    </section>
  );
}

export function ProgressReport({ plan, progress }: { plan: Plan; progress: Progress }) {
  const styles = useStyles();
  const [filters, setFilters] = useState<ProgressFilters>(ALL_FILTERS);
  const options = filterOptions(plan, progress);
  const grants = progressViews(plan, progress, filters);
  const due = returnsDue(plan, progress, filters);
  const set = (patch: Partial<ProgressFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const shown = grants.reduce((n, g) => n + g.lines.length, 0);
  return (
    <div className={styles.root}>
      <section className={styles.filters} aria-labelledby="progress-filters-heading">
        <Subtitle2 as="h2" id="progress-filters-heading">
          Filters
        </Subtitle2>
        <FilterSelect label="Lead" value={filters.lead} onChange={(lead) => set({ lead })} options={options.leads.map((l) => ({ value: l, label: l }))} />
        <FilterSelect
          label="Status"
          value={filters.status}
          onChange={(status) => set({ status })}
          options={[
            ...options.statuses.map((s) => ({ value: s.status, label: statusText(options.statuses, s.status) })),
            { value: NO_STATUS, label: "No status yet" },
          ]}
        />
        <FilterSelect label="Theme" value={filters.theme} onChange={(theme) => set({ theme })} options={options.themes.map((t) => ({ value: t, label: t }))} />
        <Body1 aria-live="polite">{shown === 1 ? "1 line shown." : `${shown} lines shown.`}</Body1>
      </section>
      <section className={styles.section} aria-labelledby="returns-due-heading">
        <Subtitle2 as="h2" id="returns-due-heading">
          Returns due ({due.length})
        </Subtitle2>
        {due.length === 0 ? (
          <Body1 block as="p">Every quarter that has ended has its return.</Body1>
        ) : (
          <ul className={styles.list}>
            {due.map((d, i) => (
              <li key={`${d.kind}-${d.id}-${i}`} className={styles.wrap}>
                <Body1 block>
                  <strong>{d.id}</strong> {d.name}
                </Body1>
                <Caption1 block as="p" className={styles.caption}>
                  {d.kind === "line" ? "Line" : "Measure"}
                  {d.lead !== "" && ` · ${d.lead}`} · due for {d.quarters.join(", ")}
                </Caption1>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className={styles.section} aria-labelledby="progress-grants-heading">
        <Subtitle2 as="h2" id="progress-grants-heading">
          Grants and lines
        </Subtitle2>
        {grants.length === 0 ? <Body1 block as="p">No line matches these filters.</Body1> : grants.map((g, i) => <GrantSection key={`${g.progress.id}-${i}`} view={g} choices={options.statuses} />)}
      </section>
    </div>
  );
}
