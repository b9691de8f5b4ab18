import fc from 'fast-check';
import { batchMessage, createBookUpdateBatch, scanBookUpdates } from './book-frame';
import { decodeFrame } from './codec';
import type { BookUpdate } from './types';

const batch = createBookUpdateBatch();

/** The batch's updates as the `[action, price, size]` tuples `decodeFrame` yields (`-` may omit its size). */
const scanned = (): [BookUpdate[], BookUpdate[]] => {
  const read = (from: number, to: number) => Array.from({ length: to - from }, (_, k): BookUpdate => [batch.actions[from + k] as BookUpdate[0], batch.prices[from + k] as number, batch.sizes[from + k] as number]);
  return [read(0, batch.bids), read(batch.bids, batch.bids + batch.asks)];
};
const sizeOrMissing = (updates: readonly BookUpdate[]) => updates.map(([a, p, s]): BookUpdate => [a, p, s ?? -1]);

const price = fc.oneof(fc.integer({ min: 0, max: 10 ** 13 }), fc.constant(Number.MAX_SAFE_INTEGER));
const update = fc.oneof(
  fc.tuple(fc.constantFrom('+', 'M', '-', '~'), price, price),
  fc.tuple(fc.constant('-'), price),
);
const updates = fc.array(update, { maxLength: 6 });
const feedId = fc.oneof(fc.constantFrom('BTC-USD', 'ETH-BTC', '', 'a b'), fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 10 ** 12 }));
const frame = fc.record({ feed: fc.constantFrom('F', 'B', 'MD', 'K', 'O'), feedId, action: fc.constantFrom('M', 'M', 'M', 'S', '+'), bids: updates, asks: updates });
const text = (f: { feed: string; feedId: string | number; action: string; bids: unknown[]; asks: unknown[] }) => JSON.stringify([f.feed, f.feedId, f.action, [f.bids, f.asks]]);

/** Edits that turn a compact frame into one the scan must leave to the full decoder (valid JSON or not). */
const mutation = fc.oneof(
  fc.constant((t: string) => t.replace(',', ', ')),
  fc.constant((t: string) => t.replace(/(\d)\]/, '$1 ]')),
  fc.constant((t: string) => t.replace(/,(\d+)\]/, ',$1e0]')),
  fc.constant((t: string) => t.replace(/,(\d+)\]/, ',0$1]')),
  fc.constant((t: string) => t.replace(/,(\d+)\]/, ',-$1]')),
  fc.constant((t: string) => t.replace(/,(\d+)\]/, ',$1.5]')),
  fc.constant((t: string) => t.replace(/,(\d+)\]/, ',90071992547409930]')),
  fc.constant((t: string) => `${t.slice(0, -1)},0]`),
  fc.constant((t: string) => `${t.slice(0, -2)},[]]]`),
  fc.constant((t: string) => `${t} `),
  fc.constant((t: string) => t.slice(0, -1)),
  fc.constant((t: string) => t.replace('"M"', '"m"')),
  fc.constant((t: string) => t.replace(/\["\+",(\d+),(\d+)\]/, '["+",$1]')),
  fc.constant((t: string) => t.replace(/"([^"]*)","M"/, '"\\u0041$1","M"')),
);

describe('scanBookUpdates: the fast path of incremental book frames (finery.md §7.1)', () => {
  it('scans exactly the compact incremental book frames, with the updates decodeFrame yields', () => {
    fc.assert(
      fc.property(frame, (f) => {
        const t = text(f);
        const isBookUpdate = ['F', 'B', 'MD'].includes(f.feed) && f.action === 'M';
        const plainId = typeof f.feedId === 'number' || ![...f.feedId].some((ch) => ch === '"' || ch === '\\' || ch < ' ');
        expect(scanBookUpdates(t, batch)).toBe(isBookUpdate && plainId);
        if (!(isBookUpdate && plainId)) return;
        const decoded = decodeFrame(t);
        expect(decoded.kind).toBe('message');
        if (decoded.kind !== 'message') return;
        expect([batch.feed, batch.feedId]).toEqual([decoded.message.feed, decoded.message.feedId]);
        const [bids, asks] = decoded.message.data as [BookUpdate[], BookUpdate[]];
        expect(scanned()).toEqual([sizeOrMissing(bids), sizeOrMissing(asks)]);
        expect(batchMessage(batch)).toEqual(decoded.message);
      }),
    );
  });

  it('leaves every other form to decodeFrame: whitespace, exponents, leading zeros, signs, fractions, unsafe integers, extra elements, escapes, truncation', () => {
    const compact = frame.map((f) => ({ ...f, feed: 'F', action: 'M', feedId: 'BTC-USD', bids: [['+', 5, 7] as unknown[], ...f.bids] }));
    fc.assert(
      fc.property(compact, mutation, (f, edit) => {
        const t = edit(text(f));
        if (t === text(f)) return;
        expect(scanBookUpdates(t, batch)).toBe(false);
      }),
    );
  });

  it('asks `wanted` with the feed and feed id before scanning the updates, and stops when it says no', () => {
    const asked: unknown[] = [];
    const t = JSON.stringify(['MD', 4955410050, 'M', [[['+', 1, 2]], []]]);
    expect(scanBookUpdates(t, batch, (...args) => (asked.push(args), false))).toBe(false);
    expect(scanBookUpdates(t, batch, (...args) => (asked.push(args), true))).toBe(true);
    expect(asked).toEqual([['MD', 4955410050], ['MD', 4955410050]]);
    expect(scanned()).toEqual([[['+', 1, 2]], []]);
  });

  it('leaves a side longer than MAX_BOOK_SIDE_ENTRIES to decodeFrame, which rejects it', () => {
    const long = JSON.stringify(['F', 'BTC-USD', 'M', [Array.from({ length: 1_001 }, (_, i) => ['+', i + 1, 1]), []]]);
    expect(scanBookUpdates(long, batch)).toBe(false);
    expect(() => decodeFrame(long)).toThrow(/more than 1000/);
  });
});
