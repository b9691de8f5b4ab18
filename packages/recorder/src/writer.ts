import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import type { Gzip } from 'node:zlib';

/** Default size of a part before the next one is started: 256 MiB compressed. */
export const DEFAULT_MAX_PART_BYTES = 256 * 1024 * 1024;

/**
 * The file of part `part` of a recording written to `out`: `out` itself for part 0, then
 * `rec.1.ndjson.gz`, `rec.2.ndjson.gz`, … for `rec.ndjson.gz` (the number goes before
 * `.ndjson.gz`, or `.gz`, or at the end).
 */
export function partPath(out: string, part: number): string {
  if (part === 0) return out;
  const match = /(\.ndjson\.gz|\.gz)$/.exec(out);
  return match ? `${out.slice(0, match.index)}.${part}${match[1]}` : `${out}.${part}`;
}

/** Lines to gzip files, a new part (starting with `header(part)`) once a part's compressed size passes `maxBytes`. */
export interface RotatingWriter {
  write(line: string): void;
  /** The files written so far, in order. */
  readonly files: readonly string[];
  /** Ends the current part; resolves once every byte is on disk. */
  close(): Promise<void>;
}

/**
 * Opens part 0 of `out` and writes its header. Sizes are measured on the compressed output
 * as the compressor emits it (in chunks of about 16 KiB), so a part ends at most one chunk
 * past `maxBytes`. Write errors (a full disk, a missing folder) reject `close()`.
 */
export function rotatingWriter(out: string, maxBytes: number, header: (part: number) => string): RotatingWriter {
  const files: string[] = [];
  const done: Promise<void>[] = [];
  let gzip: Gzip;
  let bytes = 0;
  let failure: Error | undefined;
  const open = (part: number) => {
    const path = partPath(out, part);
    files.push(path);
    gzip = createGzip();
    const file: WriteStream = createWriteStream(path);
    bytes = 0;
    gzip.on('data', (chunk: Buffer) => (bytes += chunk.length));
    gzip.pipe(file);
    done.push(
      new Promise<void>((resolve) => {
        const fail = (error: Error) => {
          failure ??= error;
          resolve();
        };
        file.on('error', fail);
        gzip.on('error', fail);
        file.on('close', () => resolve());
      }),
    );
    gzip.write(`${header(part)}\n`);
  };
  open(0);
  return {
    write(line) {
      if (bytes >= maxBytes) {
        gzip.end();
        open(files.length);
      }
      gzip.write(`${line}\n`);
    },
    files,
    async close() {
      gzip.end();
      await Promise.all(done);
      if (failure) throw failure;
    },
  };
}
