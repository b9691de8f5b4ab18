import type { CliIo } from './io';

/** Lines `venues tail` holds while stdout is blocked, by default (about 3–10 MB of NDJSON). */
export const DEFAULT_BUFFER_LINES = 10_000;

/** The event lines of a run, written to `io.out` without ever holding more than a bound. */
export interface LineWriter {
  /** Writes `line`, holds it while stdout is blocked, or drops it when `limit` lines are held. */
  write(line: string): void;
  /** Lines dropped so far. */
  readonly dropped: number;
  /** Resolves once no line is held (at once when stdout is not blocked). */
  idle(): Promise<void>;
  /** Says on stderr how many lines were dropped, if any (call once, at the end of the run). */
  end(): void;
}

/**
 * A writer that honours `io.out`'s backpressure (the `Writable.write()` contract): once
 * `io.out` returns `false` (the reader is slower than the stream, e.g. a pipe nobody
 * reads), the next lines are held in order, at most `limit`, until `io.drain` says the
 * reader caught up; beyond `limit` lines are dropped and counted, with a warning on stderr
 * when dropping starts and a count when stdout caught up (or at `end()`). Memory stays
 * bounded by `limit` lines plus stdout's own buffer (its high-water mark and one line).
 * Without `io.drain` every line is written as it comes.
 */
export function lineWriter(io: CliIo, limit: number): LineWriter {
  const held: string[] = [];
  let idle: (() => void)[] = [];
  let blocked = false;
  let dropped = 0;
  let reported = 0;
  const report = (when: string) => {
    if (dropped === reported) return;
    io.info(`venues tail: ${dropped - reported} event line${dropped - reported === 1 ? '' : 's'} dropped ${when} (stdout was not read; --buffer ${limit}).`);
    reported = dropped;
  };
  const flush = (): void => {
    let next: string | undefined;
    let index = 0;
    while ((next = held[index]) !== undefined) {
      index++;
      if (!io.out(next)) {
        held.splice(0, index);
        return io.drain?.(flush);
      }
    }
    held.length = 0;
    blocked = false;
    report('while stdout was blocked');
    const waiting = idle;
    idle = [];
    waiting.forEach((resolve) => resolve());
  };
  return {
    write(line) {
      if (!blocked) {
        if (io.out(line) || !io.drain) return;
        blocked = true;
        return io.drain(flush);
      }
      if (held.length < limit) return void held.push(line);
      if (dropped++ === reported) io.info(`venues tail: stdout is not keeping up; ${limit} lines held, dropping events until it catches up.`);
    },
    get dropped() {
      return dropped;
    },
    idle: () => (blocked ? new Promise<void>((resolve) => idle.push(resolve)) : Promise.resolve()),
    end: () => report('in all'),
  };
}
