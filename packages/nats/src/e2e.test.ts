import { join } from 'node:path';
import { bundleScript, endToEndWithRestart, startNatsServer, startSimulators } from '@org/engine-servers';
import type { EngineServer, Simulators } from '@org/engine-servers';
import { publishToNats } from './index';

let server: EngineServer;
let simulators: Simulators;
let script: string;
beforeAll(async () => {
  [server, simulators, script] = await Promise.all([startNatsServer(), startSimulators(), bundleScript(join(__dirname, 'testing', 'consumer-child.ts'))]);
});
afterAll(async () => {
  await Promise.all([server.close(), simulators.close()]);
});

test('4 simulators → publish → 3 consumer processes, the engine killed and restarted mid-stream: each consumer gets exactly what was acknowledged, in order; drops are counted', async () => {
  const counts = await endToEndWithRestart({
    server,
    simulators,
    script,
    childOptions: { servers: server.url, from: 'all' },
    publish: (events$, onPublished) => publishToNats(events$, { servers: server.url, queue: { maxEvents: 200 }, onPublished }),
    venueOf: (key) => key.split('.')[1] ?? '',
  });
  console.log(`nats e2e: ${counts.input} events in, ${counts.published} published (each received by 3 consumers), ${counts.conflated} conflated, ${counts.dropped} dropped`);
}, 60_000);
