/**
 * The runner's checks bite: a venue harness with a real simulator and client, sabotaged on
 * purpose (a secret logged, a timer leaked, no time to recover), must produce violations.
 */
import { hercleDemoCredentials } from '@org/venue-sim';
import { runChaos } from './runner';
import type { HarnessFactory } from './runner';
import { startHercleHarness } from './venues/hercle';

test('a logged secret, a leaked timer and a missed recovery are violations', async () => {
  let stray: NodeJS.Timeout | undefined;
  const sabotaged: HarnessFactory = async (seed, lines) => {
    const inner = await startHercleHarness(seed, lines);
    return {
      ...inner,
      faults: ['drop'],
      async inject(kind, random) {
        await inner.inject(kind, random);
        lines.push({ venue: 'hercle', level: 'debug', text: `connecting with ${hercleDemoCredentials.apiKey}` });
        stray ??= setInterval(() => undefined, 60_000);
      },
    };
  };
  try {
    const report = await runChaos({ seed: 5, faults: 2, venues: [sabotaged], recoveryTimeoutMs: 1 });
    const text = report.violations.join('\n');
    expect(text).toContain('hercle/drop: no recovery within 1 ms');
    expect(text).toContain('hercle debug: secret #0 in a log line');
    expect(text).toContain('left behind after close(): 1 Timeout');
    expect(text).not.toContain(hercleDemoCredentials.apiKey);
    expect(report.injected).toBe(2);
  } finally {
    clearInterval(stray);
  }
}, 60_000);
