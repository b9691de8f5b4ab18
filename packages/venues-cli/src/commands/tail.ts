import { VENUE_NAMES } from '@org/venues';
import type { VenueName } from '@org/venues';
import type { VenuesCommand } from '../command';
import { parseDuration } from '../duration';
import { LIVE_ENV, LIVE_ENV_HELP } from '../env';
import { EXIT } from '../io';
import { parseListenAddress } from '../metrics';
import type { ListenAddress } from '../metrics';
import { DEFAULT_BUFFER_LINES } from '../output';
import { count, parser, simSpeedOption, venueOption } from '../options';
import { parseSymbols } from '../selection';
import type { Selection } from '../selection';
import { runTail } from '../tail';
import { parseEngineUrl } from '../engine';
import type { EngineUrl } from '../engine';

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
  '  venues tail --publish nats://127.0.0.1:4222     publish while printing; elsewhere:',
  '  venues tail --from nats://127.0.0.1:4222        the same events, read from NATS',
  '',
  'Exit codes: 0 stopped (Ctrl+C, SIGTERM, --duration), 1 every venue failed, 2 bad usage or missing credentials.',
].join('\n');

interface TailFlags {
  readonly venue: VenueName[];
  readonly symbols?: Selection;
  readonly json?: boolean;
  readonly duration?: number;
  readonly live?: boolean;
  readonly sandbox?: boolean;
  readonly raw?: boolean;
  readonly rate: number;
  readonly color: boolean;
  readonly buffer: number;
  readonly simSpeed: number;
  readonly publish?: EngineUrl;
  readonly from?: EngineUrl;
  readonly metrics?: ListenAddress;
}

/** Options that choose what the venues stream, which `--from` (reading an engine) cannot honour. */
const FROM_UNUSED = { symbols: '--symbols', live: '--live', sandbox: '--sandbox', simSpeed: '--sim-speed' } as const;

/** `venues tail`: the merged stream of the chosen venues, as lines for people or NDJSON (`src/tail.ts`). */
export const tailCommand: VenuesCommand = (root, { io, color, setExit }) => {
  const command = root
    .command('tail')
    .description('print the merged live stream: one line per event, or NDJSON with --json, and a status line per venue change')
    .addOption(venueOption())
    .option(
      '--symbols <list>',
      `comma separated: BASE-QUOTE (BTC-USD), sent to each venue as its own id (table in the README; Hercle quotes dollars in USDT: BTC-USD is Hercle's BTCUSDT, whose events say BTC-USDT); a ticker (AAPL) for Market Prophit; or venue:ID, that venue's id as written (hercle:BTCUSDT). Default: each venue's own (BTC/ETH pairs, AAPL). Venues: ${VENUE_NAMES.join(', ')}`,
      parser(parseSymbols),
    )
    .option('--json', 'NDJSON: every event as one JSON line, nothing sampled')
    .option('--duration <time>', 'stop after this long: 500ms, 30s, 2m, 1h (default: until Ctrl+C)', parser(parseDuration))
    .option('--live', 'connect to the venues themselves with credentials from the environment (below)')
    .option('--sandbox', 'with --live: the venues’ test environments (Finery test, Hercle sandbox; eToroX and Market Prophit have none)')
    .option('--raw', 'attach each venue-native message as "raw" (shown with --json)')
    .option('--rate <n>', 'human output: at most n book, order, quote and sentiment lines per second per venue and symbol; 0 shows all', count, 1)
    .option('--no-color', 'no colours (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--buffer <lines>', 'event lines held while stdout is not read (a blocked pipe) before events are dropped, with a count on stderr', count, DEFAULT_BUFFER_LINES)
    .addOption(simSpeedOption())
    .option('--publish <url>', 'also publish every event to NATS JetStream (nats://host:4222, @org/nats) or Redis Streams (redis://host:6379, @org/redis)', parser(parseEngineUrl))
    .option('--from <url>', 'read the events from NATS (nats://…) or Redis (redis://…) instead of the venues: what a --publish run publishes', parser(parseEngineUrl))
    .option('--metrics <host:port>', 'serve Prometheus /metrics and /health (200, or 503 with the reason) at this address, e.g. 127.0.0.1:9464 (needs @org/metrics)', parser(parseListenAddress))
    .addHelpText('after', ENV_HELP);
  command.action(async (flags: TailFlags) => {
    if (flags.sandbox && !flags.live) command.error('error: --sandbox selects the venues’ test environments and needs --live', { exitCode: EXIT.usage });
    const unused = flags.from ? Object.entries(FROM_UNUSED).filter(([name]) => command.getOptionValueSource(name) === 'cli').map(([, flag]) => flag) : [];
    if (unused.length > 0) command.error(`error: --from reads the events a --publish run published, so ${unused.join(', ')} cannot apply (choose venues with --venue)`, { exitCode: EXIT.usage });
    setExit(
      await runTail(
        {
          venues: flags.venue,
          ...(flags.symbols ? { selection: flags.symbols } : {}),
          json: flags.json ?? false,
          ...(flags.duration === undefined ? {} : { durationMs: flags.duration }),
          live: flags.live ?? false,
          sandbox: flags.sandbox ?? false,
          raw: flags.raw ?? false,
          rate: flags.rate,
          color: color && flags.color,
          bufferLines: flags.buffer,
          simSpeed: flags.simSpeed,
          ...(flags.publish ? { publish: flags.publish } : {}),
          ...(flags.from ? { from: flags.from } : {}),
          ...(flags.metrics ? { metrics: flags.metrics } : {}),
        },
        io,
      ),
    );
  });
};
