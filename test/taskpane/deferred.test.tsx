/** @jest-environment jsdom */
import "./setup";
import { act, render, screen } from "@testing-library/react";
import { deferred } from "../../src/taskpane/deferred";

const WORDS = { loading: "Loading the part…", subject: "This part" } as const;

/** A load the test finishes by hand. */
function held<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

describe("a part of the pane fetched later", () => {
  it("says it is loading until its code arrives, then shows it; fetched once however often it is shown or preloaded", async () => {
    const load = held<typeof Greeting>();
    let loads = 0;
    const part = deferred(WORDS, () => {
      loads += 1;
      return load.promise;
    });
    render(<part.Part name="Sefton" />);
    expect(screen.getByText(WORDS.loading)).toBeTruthy();
    void part.preload();
    await act(async () => load.resolve(Greeting));
    expect(screen.getByText("Hello Sefton")).toBeTruthy();
    expect(screen.queryByText(WORDS.loading)).toBeNull();
    render(<part.Part name="Knowsley" />);
    // Already here: shown at once, with no loading step.
    expect(screen.getByText("Hello Knowsley")).toBeTruthy();
    expect(loads).toBe(1);
  });

  it("says what could not be loaded and why", async () => {
    const load = held<typeof Greeting>();
    const part = deferred(WORDS, () => load.promise);
    render(<part.Part name="Sefton" />);
    await act(async () => load.reject(new Error("the network is down")));
    expect(screen.getByText("This part could not be loaded (the network is down). Reload the pane to try again.")).toBeTruthy();
  });
});
