#!/usr/bin/env node
/**
 * The `venues` CLI: `venues tail` prints the merged live stream of every venue (from the
 * local simulators, or the venues with `--live`); `venues sim` runs the simulators alone.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VENUE_NAMES } from './types';
import { parseDuration } from './cli/duration';
import { LIVE_ENV, LIVE_ENV_HELP } from './cli/env';
import { parseSymbols, parseVenues } from './cli/selection';
import { runSim } from './cli/sim';
import { EXIT, runTail } from './cli/tail';
import type { CliIo } from './cli/tail';

/** Wraps a parser so that its `RangeError` becomes commander's usage error (exit code 2). */
const parser =
  <T>(parse: (text: string) => T) =>
  (text: string): T => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };

const count = parser((text) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a whole number ≥ 0: "${text}"`);
  return value;
});

const ENV_HELP = [
  '',
  'Environment variables of --live (only those of the chosen venues are needed):',
  ...Object.entries(LIVE_ENV).flatMap(([venue, { required, optional }]) =>
    [...required, ...optional].map((name) => `  ${name.padEnd(26)} ${venue.padEnd(14)}${LIVE_ENV_HELP[name] ?? ''}`),
  ),
  '',
  'Without --live every venue streams from its simulator (@org/venue-sim), started in this',
  'process on 127.0.0.1 with built-in demo credentials: no account needed.',
  '',
  'Examples:',
  '  venues tail                                   all four venues from the simulators',
  '  venues tail --venue finery,etorox --json      NDJSON, one event per line',
  '  venues tail --symbols BTC-USD,hercle:BTCUSDT,AAPL --duration 30s',
  '  FINERY_KEY=… FINERY_SECRET=… venues tail --live --sandbox --venue finery',
  '',
  'Exit codes: 0 stopped (Ctrl+C, SIGTERM, --duration), 1 every venue failed, 2 bad usage or missing credentials.',
].join('\n');

function program(io: CliIo, color: boolean, setExit: (code: number) => void): Command {
  const venues = new Option('--venue <list>', `venues, comma separated: ${VENUE_NAMES.join(',')}`).argParser(parser(parseVenues)).default([...VENUE_NAMES], 'all');
  const root = new Command('venues')
    .description('Live market data of Finery Markets, eToroX, Hercle and Market Prophit as one stream.')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  root
    .command('tail')
    .description('print the merged live stream: one line per event, or NDJSON with --json, and a status line per venue change')
    .addOption(venues)
    .option(
      '--symbols <list>',
      'comma separated: BASE-QUOTE (BTC-USD) for Finery, eToroX and Hercle in their own form, a ticker (AAPL) for Market Prophit, or venue:ID (hercle:BTCUSDT). Default: each venue’s own (BTC/ETH pairs, AAPL)',
      parser(parseSymbols),
    )
    .option('--json', 'NDJSON: every event as one JSON line, nothing sampled')
    .option('--duration <time>', 'stop after this long: 500ms, 30s, 2m, 1h (default: until Ctrl+C)', parser(parseDuration))
    .option('--live', 'connect to the venues themselves with credentials from the environment (below)')
    .option('--sandbox', 'with --live: the venues’ test environments (Finery test, Hercle sandbox; eToroX and Market Prophit have none)')
    .option('--raw', 'attach each venue-native message as "raw" (shown with --json)')
    .option('--rate <n>', 'human output: at most n book, order, quote and sentiment lines per second per venue and symbol; 0 shows all', count, 1)
    .option('--no-color', 'no colours (also when NO_COLOR is set or stdout is not a terminal)')
    .addHelpText('after', ENV_HELP)
    .action(async (options: { venue: VenueNames; symbols?: ReturnType<typeof parseSymbols>; json?: boolean; duration?: number; live?: boolean; sandbox?: boolean; raw?: boolean; rate: number; color: boolean }) => {
      setExit(
        await runTail(
          {
            venues: options.venue,
            ...(options.symbols ? { selection: options.symbols } : {}),
            json: options.json ?? false,
            ...(options.duration === undefined ? {} : { durationMs: options.duration }),
            live: options.live ?? false,
            sandbox: options.sandbox ?? false,
            raw: options.raw ?? false,
            rate: options.rate,
            color: color && options.color,
          },
          io,
        ),
      );
    });
  root
    .command('sim')
    .description('run the venue simulators alone and print their URLs and demo credentials, for your own code')
    .addOption(venues)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'first port; the chosen venues take consecutive ports in the order finery, etorox, hercle, marketprophit (default: free ports)', count)
    .action(async (options: { venue: VenueNames; host: string; port?: number }) => {
      setExit(await runSim({ venues: options.venue, host: options.host, ...(options.port ? { port: options.port } : {}) }, io));
    });
  return root;
}

type VenueNames = ReturnType<typeof parseVenues>;

/** Runs the CLI on `argv` and exits with its code. */
async function main(argv: readonly string[]): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    // A second Ctrl+C while closing falls back to Node's default: exit at once.
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') resolve();
    });
  });
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    info: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    stopped,
  };
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  let code: number = EXIT.ok;
  try {
    await program(io, color, (c) => (code = c)).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      code = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else {
      io.info(`venues: ${error instanceof Error ? error.message : String(error)}`);
      code = EXIT.failed;
    }
  }
  process.exit(code);
}

void main(process.argv);
