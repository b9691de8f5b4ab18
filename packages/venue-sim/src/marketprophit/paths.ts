/**
 * The streaming paths of Market Prophit and how the simulator fills their records
 * (marketprophit.md §7.1 version B, §7.2 version A, §7.3 value types).
 */
import { hashUniform } from '../random';

/** How a value field is generated. */
type ValueKind = 'sentiment' | 'zScore' | 'score' | 'volume' | 'buzz';

/** One streamable path as the simulator serves it. */
export interface MarketProphitPathSpec {
  /** `/real-time/…` (version A, §7.2) or a bare streaming name (version B, §7.1). */
  readonly path: string;
  readonly version: 'A' | 'B';
  /** Push cadence in market milliseconds: every second or every minute. */
  readonly periodMs: number;
  /** Version A: a `ticker` param is required (§7.2 "ticker is required unless noted"). */
  readonly tickerRequired: boolean;
  /** Records carry `user_id`, one per simulated user and ticker. */
  readonly perUser: boolean;
  /** Value fields in wire order with their kind. */
  readonly values: readonly (readonly [string, ValueKind])[];
}

const SECOND = 1000;
const MINUTE = 60_000;
const USER_VALUES = [
  ['sentiment', 'sentiment'],
  ['user_score', 'score'],
] as const;

const a = (path: string, periodMs: number, values: MarketProphitPathSpec['values'], tickerRequired = true, perUser = false): MarketProphitPathSpec => ({
  path: `/real-time/${path}`,
  version: 'A',
  periodMs,
  tickerRequired,
  perUser,
  values,
});

const b = (path: string, periodMs: number, values: MarketProphitPathSpec['values'], perUser = false): MarketProphitPathSpec => ({
  path,
  version: 'B',
  periodMs,
  tickerRequired: false,
  perUser,
  values,
});

/**
 * Every path the simulator streams. Version A cadences are not documented; each follows
 * its version B sibling (crowd and tweet data every minute, Market Prophit sentiment and
 * user sentiment every second) [inferred].
 */
export const marketProphitPaths: readonly MarketProphitPathSpec[] = [
  a('crowd-sentiment', MINUTE, [['average_sentiment', 'sentiment']]),
  a('crowd-sentiment-moving-average', MINUTE, [['moving_average', 'sentiment']]),
  a('crowd-sentiment-z-score', MINUTE, [['z_score', 'zScore']]),
  a('crowd-sentiment-z-score-moving-average', MINUTE, [['moving_average', 'zScore']]),
  a('market-prophit-sentiment', SECOND, [['signal_value', 'sentiment']]),
  a('market-prophit-sentiment-moving-average', SECOND, [['moving_average', 'sentiment']]),
  a('market-prophit-sentiment-z-score', SECOND, [['z_score', 'zScore']]),
  a('market-prophit-sentiment-z-score-moving-average', SECOND, [['moving_average', 'zScore']]),
  a('tweet-volume', MINUTE, [['volume', 'volume']]),
  a('tweet-buzz', MINUTE, [['buzz', 'buzz']]),
  a('user-sentiment', SECOND, USER_VALUES, false, true),
  a('user-sentiment-last-minute', MINUTE, USER_VALUES, true, true),
  b('crowd-sentiment', MINUTE, [['crowd_sentiment', 'sentiment']]),
  b('user-sentiment', SECOND, USER_VALUES, true),
  b('market-prophit-sentiment', SECOND, [['mp_sentiment', 'sentiment']]),
  b('crowd-sentiment-chart-data', MINUTE, [
    ['crowd_sentiment', 'sentiment'],
    ['crowd_sentiment_moving_average', 'sentiment'],
    ['crowd_sentiment_z_score', 'zScore'],
    ['crowd_sentiment_z_score_moving_average', 'zScore'],
    ['volume', 'volume'],
    ['buzz', 'buzz'],
  ]),
  b('market-prophit-sentiment-chart-data', SECOND, [
    ['mp_sentiment', 'sentiment'],
    ['mp_sentiment_moving_average', 'sentiment'],
    ['mp_sentiment_z_score', 'zScore'],
    ['mp_sentiment_z_score_moving_avg', 'zScore'],
  ]),
];

/** The spec of `path` in `version`, or undefined for an unknown path. */
export function findMarketProphitPath(path: string, version: 'A' | 'B'): MarketProphitPathSpec | undefined {
  return marketProphitPaths.find((spec) => spec.path === path && spec.version === version);
}

function value(kind: ValueKind, u: number): number {
  switch (kind) {
    case 'sentiment':
      return u * 2 - 1;
    case 'zScore':
      return u * 6 - 3;
    case 'score':
      return u;
    case 'volume':
      return Math.floor(u * 500);
    case 'buzz':
      return u * 4;
  }
}

/** What a record generation depends on. */
export interface RecordInput {
  seed: number;
  spec: MarketProphitPathSpec;
  tickers: readonly string[];
  /** Start of the period the records describe (ms epoch, a second or minute boundary). */
  tsMs: number;
  /** Emit values as decimal strings (Aug–Sept 2014 docs) or JSON numbers (June 2014), §7.3. */
  numbers: 'string' | 'number';
}

const USERS_PER_TICKER = 2;

/**
 * The `results` of one push: one record per ticker (and per user for user sentiment),
 * values fixed by (seed, path, ticker, field, ts), so every subscriber and every restart
 * sees the same numbers for the same period.
 */
export function marketProphitRecords(input: RecordInput): Record<string, string | number>[] {
  const { seed, spec, tickers, tsMs, numbers } = input;
  const ts = new Date(tsMs).toISOString();
  const users = spec.perUser ? USERS_PER_TICKER : 1;
  const records: Record<string, string | number>[] = [];
  for (const ticker of tickers) {
    for (let user = 0; user < users; user++) {
      const key = `${seed}|${spec.path}|${ticker}|${user}|${tsMs}`;
      const record: Record<string, string | number> = { ts };
      if (spec.perUser) record.user_id = `53a1c0${Math.floor(hashUniform(`${seed}|${ticker}|user${user}`) * 0xffffff).toString(16).padStart(6, '0')}`;
      record.ticker = ticker;
      for (const [field, kind] of spec.values) {
        const v = value(kind, hashUniform(`${key}|${field}`));
        record[field] = numbers === 'string' ? String(v) : v;
      }
      records.push(record);
    }
  }
  return records;
}
