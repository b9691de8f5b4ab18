import { fineryCliFactory } from './cli';

it('starts a Finery simulator for the CLI and describes how to use it', async () => {
  const sim = await fineryCliFactory({ host: '127.0.0.1', port: 0 });
  try {
    expect(sim.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(sim.describe()).toContain('finery-demo-key');
    expect(sim.describe()).toContain('BTC-USD');
  } finally {
    await sim.close();
  }
});
