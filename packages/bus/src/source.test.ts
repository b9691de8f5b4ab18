import { encodeVenueEvent, VenueCodecError } from '@org/venues';
import type { ErrorEvent, TradeEvent, VenueEvent } from '@org/venues';
import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { BusDecodeError, busSource } from './source';
import type { ConsumerContext } from './source';

const aborted = (signal: AbortSignal): Promise<unknown> => (signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', resolve)));
const trade: TradeEvent = { venue: 'etorox', kind: 'trade', symbol: 'BTC-USD', price: 1, size: 2, receivedAt: 3 };

test('good lines become events; garbage, v:2 and truncated JSON become typed error events; nameless junk is counted', async () => {
  const lines: [string, string][] = [
    ['venues.etorox.trade.BTC-USD', encodeVenueEvent(trade)],
    ['venues.etorox.trade.BTC-USD', 'garbage'],
    ['venues.finery.book.BTC-USD', '{"v":2,"venue":"finery"}'],
    ['elsewhere', 'garbage'],
    ['venues:hercle:balance:_', encodeVenueEvent(trade).slice(0, 20)],
    ['venues.etorox.trade.BTC-USD', encodeVenueEvent(trade)],
  ];
  const source = busSource('memory', async ({ deliver, signal }: ConsumerContext) => {
    lines.forEach(([where, line], i) => deliver(where, String(i + 1), line));
    await aborted(signal);
  });
  const events = await firstValueFrom(source.pipe(take(5), toArray()));
  expect(events[0]).toEqual(trade);
  expect(events[4]).toEqual(trade);
  const errors = events.slice(1, 4) as ErrorEvent[];
  expect(errors.map((e) => [e.kind, e.venue, e.symbol, e.fatal])).toEqual([
    ['error', 'etorox', 'BTC-USD', false],
    ['error', 'finery', 'BTC-USD', false],
    ['error', 'hercle', undefined, false],
  ]);
  expect(errors.map((e) => (e.error as BusDecodeError).cause.code)).toEqual(['INVALID_JSON', 'UNSUPPORTED_VERSION', 'INVALID_JSON']);
  for (const e of errors) {
    expect(e.error).toBeInstanceOf(BusDecodeError);
    expect((e.error as BusDecodeError).cause).toBeInstanceOf(VenueCodecError);
  }
  expect(errors[0]?.error.message).toMatch(/^memory: message 2 on venues\.etorox\.trade\.BTC-USD is not a venue event: not JSON .*\(INVALID_JSON\)$/);
  const closed = await firstValueFrom(source.state$.pipe(filter((s) => s.status === 'closed')));
  expect(closed).toMatchObject({ published: 5, dropped: 1 });
});

test('a new subscription starts after the previous one finished its clean-up', async () => {
  const log: string[] = [];
  let n = 0;
  const source = busSource('memory', async ({ deliver, signal }) => {
    const me = ++n;
    log.push(`start ${me}`);
    deliver('venues.etorox.trade.BTC-USD', '1', encodeVenueEvent(trade));
    await aborted(signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    log.push(`end ${me}`);
  });
  const first: VenueEvent = await firstValueFrom(source);
  const second: VenueEvent = await firstValueFrom(source);
  expect([first, second]).toEqual([trade, trade]);
  await firstValueFrom(source.state$.pipe(filter((s) => s.status === 'closed'), take(1)));
  expect(log.slice(0, 3)).toEqual(['start 1', 'end 1', 'start 2']);
});

test('a failing read loop ends the subscription with its error', async () => {
  const source = busSource('memory', async () => {
    throw new Error('bad config');
  });
  await expect(firstValueFrom(source)).rejects.toThrow('bad config');
});
