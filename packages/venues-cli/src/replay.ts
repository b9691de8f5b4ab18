import { replayVenues } from '@org/recorder';
import type { ReplaySpeed } from '@org/recorder';
import { formatJson, formatLine } from './format';
import { EXIT } from './io';
import type { CliIo } from './io';
import { lineWriter } from './output';
import { atMost } from './tail';

/** What `venues replay` was asked for. */
export interface ReplayCliOptions {
  readonly files: readonly string[];
  readonly speed: ReplaySpeed;
  readonly json: boolean;
  readonly color: boolean;
  readonly bufferLines: number;
}

/**
 * `venues replay`: replays recordings (`replayVenues` of `@org/recorder`) and prints every
 * event as `venues tail` does (lines, or NDJSON with `json`), until the files end or the
 * user stops it. Each problem of the files is explained on stderr naming the file and
 * line, and the rest is replayed. Resolves 0, or 1 when any problem was found.
 */
export async function runReplay(options: ReplayCliOptions, io: CliIo): Promise<number> {
  const writer = lineWriter(io, options.bufferLines);
  let problems = 0;
  const explain = (error: unknown) => {
    problems++;
    io.info(`venues replay: ${error instanceof Error ? error.message : String(error)}`);
  };
  let stop: (() => void) | undefined;
  const done = new Promise<void>((resolve) => {
    const subscription = replayVenues(options.files, { speed: options.speed, onError: explain }).subscribe({
      next: (event) => writer.write(options.json ? formatJson(event) : formatLine(event, options.color)),
      error: (error: unknown) => {
        explain(error);
        resolve();
      },
      complete: () => resolve(),
    });
    stop = () => {
      subscription.unsubscribe();
      resolve();
    };
  });
  await Promise.race([done, io.stopped.then(() => stop?.())]);
  await atMost(writer.idle(), 1000);
  writer.end();
  return problems > 0 ? EXIT.failed : EXIT.ok;
}
