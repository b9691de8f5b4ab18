import type { FaultHooks } from '@org/venue-sim';
import { filter, firstValueFrom, interval, race, timer } from 'rxjs';
import type { Random } from './random';
import type { FaultKind, VenueHarness } from './venue';
import { delay } from './wait';

/** The faults every simulator supports through its `FaultHooks` (packages/venue-sim/src/faults.ts). */
export const COMMON_FAULTS: readonly FaultKind[] = ['drop', 'drop-abrupt', 'stall', 'malformed', 'refuse'];

/**
 * Injects one of `COMMON_FAULTS` or `close-error`; resolves when the venue is usable again.
 * A stall lasts until the client gave the connection up (its idle or server timeout), so no
 * update is lost on a connection the client keeps; a refuse window drops every connection
 * and resolves at its end.
 */
export async function injectCommon(hooks: FaultHooks, kind: FaultKind, random: Random, venue: Pick<VenueHarness, 'connectionId' | 'status$'>): Promise<void> {
  switch (kind) {
    case 'drop':
      return hooks.drop();
    case 'drop-abrupt':
      return hooks.drop({ graceful: false });
    case 'close-error':
      return hooks.drop({ error: 'chaos: internal server error', allowReconnect: random.next() < 0.5 });
    case 'malformed':
      return hooks.malformed();
    case 'stall': {
      // Resumed the moment the client gives the connection up, before it can open another:
      // a simulator drops (does not queue) what it would have sent while stalled.
      const before = venue.connectionId();
      hooks.stall();
      const noticed = race(
        venue.status$.pipe(filter((state) => state.status !== 'connected')),
        interval(10).pipe(filter(() => venue.connectionId() !== before)),
        timer(10_000),
      );
      await firstValueFrom(noticed, { defaultValue: undefined });
      return hooks.resume();
    }
    case 'refuse': {
      const ms = random.int(200, 1_000);
      hooks.refuse(ms);
      hooks.drop({ graceful: random.next() < 0.5 });
      return delay(ms);
    }
    default:
      throw new Error(`no common fault ${kind}`);
  }
}
