/**
 * Which non-fatal `error` events of `@org/venues` are malformed frames and which announce a
 * book resync, read structurally from the error (its `name` / `code`), so that this package
 * needs no venue package at run time.
 *
 * Malformed frames (dropped by the client, the stream goes on):
 * - Finery `FineryProtocolError` (finery.md §6), eToroX `EtoroxItemError` (etorox.md §6.1),
 *   Hercle `HercleProtocolError` (hercle.md §2), Market Prophit `MarketProphitError` with
 *   code `MALFORMED` (marketprophit.md §4, §7).
 *
 * Book resyncs (the client re-binds the feed for a fresh snapshot, finery.md §7.1):
 * - Finery `FineryBookError` (a crossed or inconsistent book), and a `FineryProtocolError`
 *   that names its `feed` (a message of that binding was lost).
 */
const MALFORMED_NAMES = new Set(['FineryProtocolError', 'EtoroxItemError', 'HercleProtocolError']);

const field = (error: Error, key: string): unknown => (error as unknown as Record<string, unknown>)[key];

/** Whether `error` (of a non-fatal `error` event) is a malformed frame dropped by its client. */
export const isMalformed = (error: Error): boolean => MALFORMED_NAMES.has(error.name) || field(error, 'code') === 'MALFORMED';

/** Whether `error` (of a non-fatal `error` event) made its client resync an order book. */
export const isBookResync = (error: Error): boolean =>
  error.name === 'FineryBookError' || (error.name === 'FineryProtocolError' && field(error, 'feed') !== undefined);

/** The `reason` label of a reconnect: the error's `code` when it is a string, else its `name`, else `unknown`. */
export function reasonOf(error: Error | undefined): string {
  if (!error) return 'unknown';
  const code = field(error, 'code');
  return typeof code === 'string' && code !== '' ? code : error.name || 'unknown';
}
