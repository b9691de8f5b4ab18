import { join } from 'node:path';
import { bundleScript, byKey, forkConsumer, startRedisServer, startSimulators } from '@org/engine-servers';
import type { ConsumerChild, EngineServer, Simulators } from '@org/engine-servers';
import { connectVenues } from '@org/venues';
import { filter, firstValueFrom, tap, timeout } from 'rxjs';
import { publishToRedis } from './index';

let server: EngineServer;
let simulators: Simulators;
let script: string;
beforeAll(async () => {
  [server, simulators, script] = await Promise.all([startRedisServer(), startSimulators(), bundleScript(join(__dirname, 'testing', 'consumer-child.ts'))]);
});
afterAll(async () => {
  await Promise.all([server.close(), simulators.close()]);
});

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('4 simulators → publish → 3 consumer processes, the engine killed and restarted mid-stream: each consumer gets exactly what was acknowledged, per key in order; drops are counted', async () => {
  const children: ConsumerChild[] = Array.from({ length: 3 }, () => forkConsumer(script, { url: server.url, from: 'all', scanIntervalMs: 200 }));
  try {
    await Promise.all(children.map((child) => child.ready));
    const published: [string, string][] = [];
    let input = 0;
    const venues = connectVenues(simulators.options);
    const publisher = publishToRedis(venues.events$.pipe(tap(() => input++)), {
      url: server.url,
      queue: { maxEvents: 200 },
      onPublished: (batch) => published.push(...batch.map((m): [string, string] => [m.key, m.payload])),
    });
    const state = (status: string) => firstValueFrom(publisher.state$.pipe(filter((s) => s.status === status), timeout(20_000)));
    await state('connected');
    await waitMs(1_500);
    expect(published.length).toBeGreaterThan(0);
    // The engine goes away mid-stream and comes back on the same port and data folder.
    await server.kill();
    await state('reconnecting');
    await waitMs(1_000);
    await server.start();
    await state('connected');
    await waitMs(1_500);
    venues.close();
    await publisher.flush();
    const final = await publisher.close();
    expect(final.published).toBe(published.length);
    expect(final.published + final.dropped + final.conflated).toBe(input);
    await Promise.all(children.map((child) => child.received(published.length)));
    const expected = byKey(published);
    for (const child of children) {
      const received = await child.stop();
      expect(received.length).toBe(published.length);
      expect(byKey(received)).toEqual(expected);
    }
    expect(Object.keys(expected).map((key) => key.split(':')[1])).toEqual(expect.arrayContaining(['finery', 'etorox', 'hercle', 'marketprophit']));
    console.log(`redis e2e: ${input} events in, ${final.published} published, ${final.conflated} conflated, ${final.dropped} dropped; 3 × ${published.length} received`);
  } finally {
    for (const child of children) child.process.kill();
  }
}, 60_000);
