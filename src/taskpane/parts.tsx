/**
 * The parts of the pane whose code is not in the scripts the page loads first: every tab
 * but Plan, the offers under findings, and setting up a plan. Each comes with the core's
 * code that only it uses (writing allocations, splits, set-up and the example, upgrading,
 * the Progress sheet's formulas, returns and progress figures, the board summary and its
 * charts), so the pane shows the plan sooner. `preloadParts` fetches the small ones a
 * person is likely to want next once the pane is up, so they open at once; the Return,
 * Progress and Summary tabs are fetched when first opened, set-up only for a workbook that
 * is not a plan.
 */
import { deferred } from "./deferred";
import type { ReturnsDraft } from "./returnsDraft";

const TAB = { loading: "Loading the tab…", subject: "This tab" } as const;

export const ChecksTab = deferred(TAB, () => import(/* webpackChunkName: "checks" */ "./components/ChecksView").then((m) => m.ChecksView));

export const AllocateTab = deferred(TAB, () => import(/* webpackChunkName: "allocate" */ "./components/AllocateView").then((m) => m.AllocateView));

export const ReturnTab = deferred(TAB, () => import(/* webpackChunkName: "returns" */ "./components/returns/ReturnView").then((m) => m.ReturnView));

export const ProgressTab = deferred(TAB, () => import(/* webpackChunkName: "returns" */ "./components/returns/ProgressView").then((m) => m.ProgressView));

export const SummaryTab = deferred(TAB, () => import(/* webpackChunkName: "summary" */ "./components/summary/SummaryView").then((m) => m.SummaryView));

export const FindingOffer = deferred({ loading: "Loading what can be done…", subject: "What can be done about this" }, () =>
  import(/* webpackChunkName: "offers" */ "./components/FindingOffer").then((m) => m.FindingOffer),
);

export const SetupOffer = deferred({ loading: "Loading set-up…", subject: "Setting up a plan" }, () =>
  import(/* webpackChunkName: "setup" */ "./components/SetupOffer").then((m) => m.SetupOffer),
);

/** What a project lead has typed in the Return tab before any is typed. */
export const NO_RETURNS_DRAFT: ReturnsDraft = { lead: null, quarter: null, who: "", lines: {}, measures: {} };

/** Fetches, one after another, the parts a person is likely to open next: after the pane is up, never before. */
export async function preloadParts(): Promise<void> {
  await AllocateTab.preload();
  await ChecksTab.preload();
  await FindingOffer.preload();
}
