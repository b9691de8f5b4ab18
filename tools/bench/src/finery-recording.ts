import { fineryAuthHeaders } from '@org/auth-signing';
import { fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import WebSocket from 'ws';
import type { LevelUpdate } from './reference-book';

/** An order book stream as the venue sent it: one snapshot, then incremental messages. */
export interface RecordedBookStream {
  instrument: string;
  snapshot: { bids: [number, number][]; asks: [number, number][] };
  /** `[bidUpdates, askUpdates]` per incremental message (finery.md §7.1). */
  messages: [LevelUpdate[], LevelUpdate[]][];
  /** Level updates in all messages. */
  levelUpdates: number;
}

/**
 * Records `count` incremental messages of feed `F` for `instrument` from a Finery simulator
 * (its seeded random-walk market, `step()` driven), over a plain authenticated `ws`
 * connection (finery.md §2, §5, §7.1).
 */
export async function recordFineryBookStream(instrument: string, count: number, seed = 7): Promise<RecordedBookStream> {
  const sim = await startFinerySimulator({ updatesPerSecond: 0, seed });
  const ws = new WebSocket(sim.url, { headers: { ...fineryAuthHeaders(fineryDemoCredentials) } });
  try {
    return await new Promise<RecordedBookStream>((resolve, reject) => {
      const recording: RecordedBookStream = { instrument, snapshot: { bids: [], asks: [] }, messages: [], levelUpdates: 0 };
      // Not every market event changes the top 25: step, then send an `unbind` of a feed never
      // bound, whose `Z` reply (finery.md §6) arrives after every frame of the step; repeat until enough.
      const more = (): void => {
        sim.step(count - recording.messages.length, instrument);
        ws.send(JSON.stringify({ event: 'unbind', feed: 'K', feedId: 0 }));
      };
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ event: 'bind', feed: 'F', feedId: instrument })));
      ws.on('message', (data) => {
        const [feed, , action, payload] = JSON.parse(data.toString()) as [string, unknown, string, unknown];
        if (feed === 'K' && action === 'Z') {
          if (recording.messages.length >= count) resolve(recording);
          else more();
        } else if (feed === 'F' && action === 'S') {
          const [bids, asks] = payload as [[number, number][], [number, number][]];
          recording.snapshot = { bids, asks };
          more();
        } else if (feed === 'F' && action === 'M') {
          const message = payload as [LevelUpdate[], LevelUpdate[]];
          recording.messages.push(message);
          recording.levelUpdates += message[0].length + message[1].length;
        } else if (feed !== 'X') reject(new Error(`unexpected frame ${data.toString().slice(0, 200)}`));
      });
    });
  } finally {
    ws.terminate();
    await sim.close();
  }
}
