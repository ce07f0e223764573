/**
 * Parts of the pane whose code is fetched after the pane first shows, so the scripts the
 * page loads before the person sees anything stay small (see parts.tsx for which parts).
 *
 * A deferred part renders at once when its code is already here (fetched ahead of time
 * with `preload`, or on an earlier visit); otherwise it fetches the code, says it is
 * loading meanwhile, and if the code cannot be fetched says so and why.
 */
import { Body1, Spinner } from "@fluentui/react-components";
import { type ComponentType, useEffect, useSyncExternalStore } from "react";
import { reasonOf } from "./format";

type Loaded<P> =
  | { readonly state: "loading" }
  | { readonly state: "ready"; readonly Component: ComponentType<P> }
  | { readonly state: "failed"; readonly reason: string };

export interface Deferred<P> {
  /** The part: its own component once the code is here. */
  readonly Part: ComponentType<P>;
  /** Starts fetching the code, once; resolves when it has arrived or failed. */
  preload(): Promise<void>;
}

export interface DeferredWords {
  /** What the spinner says while the code is on its way: "Loading the tab…". */
  readonly loading: string;
  /** What could not be loaded, to begin a sentence: "This tab". */
  readonly subject: string;
}

export function deferred<P extends object>(words: DeferredWords, load: () => Promise<ComponentType<P>>): Deferred<P> {
  let loaded: Loaded<P> = { state: "loading" };
  let fetching: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  const settle = (next: Loaded<P>) => {
    loaded = next;
    for (const listener of listeners) listener();
  };
  const preload = (): Promise<void> => {
    fetching ??= load().then(
      (Component) => settle({ state: "ready", Component }),
      (error: unknown) => settle({ state: "failed", reason: reasonOf(error) }),
    );
    return fetching;
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  const current = () => loaded;

  function Part(props: P) {
    const now = useSyncExternalStore(subscribe, current);
    useEffect(() => {
      void preload();
    }, []);
    if (now.state === "ready") {
      const Loaded = now.Component;
      return <Loaded {...props} />;
    }
    if (now.state === "failed") {
      return (
        <Body1 as="p">
          {words.subject} could not be loaded ({now.reason}). Reload the pane to try again.
        </Body1>
      );
    }
    return <Spinner size="tiny" label={words.loading} labelPosition="after" />;
  }
  return { Part, preload };
}
