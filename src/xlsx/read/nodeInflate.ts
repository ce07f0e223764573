/**
 * Raw deflate on Node's zlib, for the command line: native code, output in 64 KB pieces
 * as the reader asks for them, stopped as soon as it passes its allowance.
 */
import { createInflateRaw } from "node:zlib";
import { type Inflater, InflatedTooLarge } from "./inflate";

const PIECE = 64 * 1024;

export function nodeInflater(): Inflater {
  return async function* inflate(compressed: Uint8Array, maxOutputBytes: number): AsyncGenerator<Uint8Array> {
    const stream = createInflateRaw({ chunkSize: PIECE });
    stream.end(compressed);
    let total = 0;
    try {
      for await (const piece of stream) {
        if (!(piece instanceof Uint8Array)) continue;
        total += piece.byteLength;
        if (total > maxOutputBytes) throw new InflatedTooLarge(maxOutputBytes);
        yield piece;
      }
    } finally {
      stream.destroy();
    }
  };
}
