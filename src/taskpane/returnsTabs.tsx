/**
 * The Return and Progress tabs, whose code (and the core's returns code it uses) is
 * fetched only when one of them is first opened, so the pane starts as fast as before.
 * While it loads the tab says so; if it cannot load, the tab says why.
 */
import { Body1, Spinner } from "@fluentui/react-components";
import { Component, lazy, type ReactNode, Suspense } from "react";
import { reasonOf } from "./format";
import type { ReturnsDraft } from "./returnsDraft";
import type { PlanSession } from "./session";

const LazyReturnView = lazy(() => import(/* webpackChunkName: "returns" */ "./components/returns/ReturnView").then((m) => ({ default: m.ReturnView })));
const LazyProgressView = lazy(() => import(/* webpackChunkName: "returns" */ "./components/returns/ProgressView").then((m) => ({ default: m.ProgressView })));

class LoadFailed extends Component<{ children: ReactNode }, { reason: string | null }> {
  override state: { reason: string | null } = { reason: null };

  static getDerivedStateFromError(error: unknown): { reason: string } {
    return { reason: reasonOf(error) };
  }

  override render(): ReactNode {
    if (this.state.reason !== null) {
      return <Body1 as="p">This tab could not be loaded ({this.state.reason}). Reload the pane to try again.</Body1>;
    }
    return this.props.children;
  }
}

function Loading() {
  return <Spinner size="tiny" label="Loading the tab…" labelPosition="after" />;
}

export const NO_RETURNS_DRAFT: ReturnsDraft = { lead: null, quarter: null, who: "", lines: {}, measures: {} };

export function ReturnTab(props: { session: PlanSession; draft: ReturnsDraft; onDraft: (update: (draft: ReturnsDraft) => ReturnsDraft) => void }) {
  return (
    <LoadFailed>
      <Suspense fallback={<Loading />}>
        <LazyReturnView {...props} />
      </Suspense>
    </LoadFailed>
  );
}

export function ProgressTab({ session }: { session: PlanSession }) {
  return (
    <LoadFailed>
      <Suspense fallback={<Loading />}>
        <LazyProgressView session={session} />
      </Suspense>
    </LoadFailed>
  );
}
