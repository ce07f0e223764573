/**
 * axe-core through @axe-core/playwright: the page's violations, serious and critical ones apart.
 *
 * One known false positive is set aside (and counted): Fluent UI v9's focus manager
 * (tabster) puts `<i tabindex="0" aria-hidden="true" data-tabster-dummy>` sentinels around
 * toolbars and tab lists; they only hand focus on at once, and must stay hidden from screen
 * readers. axe reports them as aria-hidden-focus (microsoft/tabster#288,
 * microsoft/fluentui#25133, #27056); Accessibility Insights suppresses exactly these nodes
 * (microsoft/accessibility-insights-web#7605). Any other aria-hidden-focus node still fails.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

export interface Violation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

export interface AxeSummary {
  /** Violations with impact serious or critical. */
  readonly serious: readonly Violation[];
  /** Every violation, any impact, as "id (impact): n node(s) — help" (for the report). */
  readonly all: readonly string[];
  /** How many tabster focus sentinels were set aside from aria-hidden-focus. */
  readonly tabsterSentinels: number;
}

const SENTINEL = /^<i\b[^>]*\bdata-tabster-dummy\b/;

/** Runs axe-core on the page as it is now. */
export async function axe(page: Page): Promise<AxeSummary> {
  const results = await new AxeBuilder({ page }).analyze();
  let tabsterSentinels = 0;
  const all: Violation[] = [];
  for (const v of results.violations) {
    const nodes = v.nodes.filter((n) => {
      const sentinel = v.id === "aria-hidden-focus" && SENTINEL.test(n.html);
      if (sentinel) tabsterSentinels++;
      return !sentinel;
    });
    if (nodes.length === 0) continue;
    all.push({ id: v.id, impact: v.impact ?? "unknown", help: v.help, targets: nodes.map((n) => `${n.target.join(" ")}  ${n.html.slice(0, 120)}`) });
  }
  return {
    serious: all.filter((v) => v.impact === "serious" || v.impact === "critical"),
    all: all.map((v) => `${v.id} (${v.impact}): ${v.targets.length} node(s) — ${v.help}`),
    tabsterSentinels,
  };
}
