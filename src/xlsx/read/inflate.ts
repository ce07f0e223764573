/**
 * Unpacking the deflated parts of a zip archive, a piece at a time and never past a given
 * size. The reader takes any `Inflater`; this one uses the platform's DecompressionStream
 * (browsers, Node 20), and ./nodeInflate.ts has one on Node's zlib.
 */

/**
 * Unpacks raw deflate data (no zlib header), yielding the output in pieces; it stops with
 * `InflatedTooLarge` as soon as the output would pass `maxOutputBytes`.
 */
export type Inflater = (compressed: Uint8Array, maxOutputBytes: number) => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** The data unpacks to more than the inflater was allowed to produce. */
export class InflatedTooLarge extends Error {
  constructor(readonly maxOutputBytes: number) {
    super(`the data unpacks to more than ${maxOutputBytes} bytes`);
    this.name = "InflatedTooLarge";
  }
}

/** The same bytes over a plain ArrayBuffer, as streams take them (a view on shared memory is copied). */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer ? new Uint8Array(buffer, bytes.byteOffset, bytes.byteLength) : bytes.slice();
}

/** Raw deflate through `DecompressionStream("deflate-raw")`. */
export function streamInflater(): Inflater {
  return async function* inflate(compressed: Uint8Array, maxOutputBytes: number): AsyncGenerator<Uint8Array> {
    const input = new ReadableStream<BufferSource>({
      start(controller) {
        controller.enqueue(ownBuffer(compressed));
        controller.close();
      },
    });
    const reader = input.pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        total += value.byteLength;
        if (total > maxOutputBytes) throw new InflatedTooLarge(maxOutputBytes);
        yield value;
      }
    } finally {
      // Stops the decompression when the reader gives up early (a limit, or every needed string found).
      await reader.cancel().catch(() => undefined);
    }
  };
}
