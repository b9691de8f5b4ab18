/**
 * Streaming paths of Market Prophit and the record type of each (marketprophit.md §7).
 * Version A paths start with `/real-time/` (§7.2, events `res`/`err`); version B paths are
 * bare streaming names (§7.1, event `data`). Field names are the venue's own.
 */

/**
 * Numeric value fields of every path, in wire order. Values arrive as JSON numbers (June
 * 2014) or decimal strings (Aug–Sept 2014, §7.3); records carry them as `number`. The
 * z-score moving averages of the chart-data paths are spelled `…_moving_avg` or
 * `…_moving_average` by the docs (§7.1); records always use `…_moving_average`.
 */
export const MARKET_PROPHIT_VALUE_FIELDS = {
  '/real-time/crowd-sentiment': ['average_sentiment'],
  '/real-time/crowd-sentiment-moving-average': ['moving_average'],
  '/real-time/crowd-sentiment-z-score': ['z_score'],
  '/real-time/crowd-sentiment-z-score-moving-average': ['moving_average'],
  '/real-time/market-prophit-sentiment': ['signal_value'],
  '/real-time/market-prophit-sentiment-moving-average': ['moving_average'],
  '/real-time/market-prophit-sentiment-z-score': ['z_score'],
  '/real-time/market-prophit-sentiment-z-score-moving-average': ['moving_average'],
  '/real-time/tweet-volume': ['volume'],
  '/real-time/tweet-buzz': ['buzz'],
  '/real-time/user-sentiment': ['sentiment', 'user_score'],
  '/real-time/user-sentiment-last-minute': ['sentiment', 'user_score'],
  'crowd-sentiment': ['crowd_sentiment'],
  'user-sentiment': ['sentiment', 'user_score'],
  'market-prophit-sentiment': ['mp_sentiment'],
  'crowd-sentiment-chart-data': [
    'crowd_sentiment',
    'crowd_sentiment_moving_average',
    'crowd_sentiment_z_score',
    'crowd_sentiment_z_score_moving_average',
    'volume',
    'buzz',
  ],
  'market-prophit-sentiment-chart-data': [
    'mp_sentiment',
    'mp_sentiment_moving_average',
    'mp_sentiment_z_score',
    'mp_sentiment_z_score_moving_average',
  ],
} as const;

/** Every streamable path: version A `/real-time/…` (§7.2) and version B names (§7.1). */
export type MarketProphitPath = keyof typeof MARKET_PROPHIT_VALUE_FIELDS;

/** Paths whose records describe one user's post (`user_id`, `sentiment`, `user_score`). */
export type MarketProphitUserPath = {
  [P in MarketProphitPath]: (typeof MARKET_PROPHIT_VALUE_FIELDS)[P][number] extends infer F ? ('user_score' extends F ? P : never) : never;
}[MarketProphitPath];

/**
 * One record of `path`:
 * - `ts`: start of the minute or second the record describes, ISO-8601 as sent (§7.3; do not
 *   compare it with the push `timestamp`, the docs' examples are 4 h apart).
 * - `ticker`: e.g. `AAPL`, `EURAUD`.
 * - `user_id` (user sentiment paths): as sent, as a string.
 * - the path's value fields ({@link MARKET_PROPHIT_VALUE_FIELDS}) as numbers: sentiments
 *   roughly −1…1, z-scores unbounded, `volume` a tweet count, `buzz` a ratio.
 */
export type MarketProphitRecord<P extends MarketProphitPath = MarketProphitPath> = P extends MarketProphitPath
  ? { readonly ts: string; readonly ticker: string } & (P extends MarketProphitUserPath ? { readonly user_id: string } : unknown) & {
      readonly [F in (typeof MARKET_PROPHIT_VALUE_FIELDS)[P][number]]: number;
    }
  : never;

/** A record of any path: the union of every {@link MarketProphitRecord}. */
export type SentimentRecord = MarketProphitRecord;

/**
 * Endpoint parameters of a subscription (§4): `ticker` is required by every version A path
 * but `/real-time/user-sentiment`; version B ignores it server-side (§5), the client then
 * keeps only that ticker's records.
 */
export interface MarketProphitParams {
  readonly ticker?: string;
  readonly [name: string]: string | undefined;
}
