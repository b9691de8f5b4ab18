import type { VenueName } from '@org/venues';
import { Option } from 'commander';
import type { VenuesCommand } from '../command';
import { parseDuration } from '../duration';
import { EXIT } from '../io';
import { count, parser, positive } from '../options';
import { DEFAULT_BUFFER_LINES } from '../output';
import { runRecord } from '../record';
import { parseSymbols, parseVenues } from '../selection';
import type { Selection } from '../selection';

interface RecordFlags {
  readonly out: string;
  readonly venue: VenueName[];
  readonly symbols?: Selection;
  readonly duration?: number;
  readonly live?: boolean;
  readonly sandbox?: boolean;
  readonly normalized?: boolean;
  readonly json?: boolean;
  readonly maxSize?: number;
  readonly buffer: number;
}

const HELP = [
  '',
  'The file is gzip NDJSON: a header line (package versions, subscriptions, clock), then one line per',
  'connection open and close, inbound frame (receive time in µs) and outbound frame (credentials',
  'redacted); with --normalized also one per event. `venues replay FILE` plays it back.',
  '',
  'Examples:',
  '  venues record --out run.ndjson.gz --duration 10s            Finery and eToroX from the simulators',
  '  venues record --out run.ndjson.gz --venue finery --json     and print every event as NDJSON',
  '',
  'Exit codes: 0 stopped (Ctrl+C, SIGTERM, --duration), 1 every venue failed or the file could not be written, 2 bad usage.',
].join('\n');

/** `venues record`: records the raw frames of the chosen venues to a file (`src/record.ts`). */
export const recordCommand: VenuesCommand = (root, { io, setExit }) => {
  const command = root
    .command('record')
    .description('record the raw frames of every venue connection to gzip NDJSON (finery, etorox), for `venues replay`')
    .requiredOption('--out <file>', 'the file to write, e.g. run.ndjson.gz; rotation adds run.1.ndjson.gz, …')
    .addOption(new Option('--venue <list>', 'venues, comma separated: finery,etorox').argParser(parser(parseVenues)).default(['finery', 'etorox'], 'finery,etorox'))
    .option('--symbols <list>', 'as `venues tail --symbols`', parser(parseSymbols))
    .option('--duration <time>', 'stop after this long: 500ms, 30s, 2m, 1h (default: until Ctrl+C)', parser(parseDuration))
    .option('--live', 'record the venues themselves, credentials from the environment (see `venues tail --help`)')
    .option('--sandbox', 'with --live: the venues’ test environments')
    .option('--normalized', 'also record every normalized event (the --json codec)')
    .option('--json', 'print every event as NDJSON while recording')
    .option('--max-size <MiB>', 'start a new file once one holds this many compressed MiB (default 256)', positive)
    .option('--buffer <lines>', 'event lines held while stdout is not read, before events are dropped', count, DEFAULT_BUFFER_LINES)
    .addHelpText('after', HELP);
  command.action(async (flags: RecordFlags) => {
    if (flags.sandbox && !flags.live) command.error('error: --sandbox selects the venues’ test environments and needs --live', { exitCode: EXIT.usage });
    const other = flags.venue.filter((venue) => venue !== 'finery' && venue !== 'etorox');
    if (other.length > 0) command.error(`error: --venue ${other.join(',')}: raw frames are recorded for finery and etorox only`, { exitCode: EXIT.usage });
    setExit(
      await runRecord(
        {
          out: flags.out,
          venues: flags.venue,
          ...(flags.symbols ? { selection: flags.symbols } : {}),
          ...(flags.duration === undefined ? {} : { durationMs: flags.duration }),
          live: flags.live ?? false,
          sandbox: flags.sandbox ?? false,
          normalized: flags.normalized ?? false,
          json: flags.json ?? false,
          ...(flags.maxSize === undefined ? {} : { maxBytes: Math.round(flags.maxSize * 1024 * 1024) }),
          bufferLines: flags.buffer,
        },
        io,
      ),
    );
  });
};
