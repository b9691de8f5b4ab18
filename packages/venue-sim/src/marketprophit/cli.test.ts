import { fetchMarketProphitJwt } from '@org/auth-signing';
import { marketProphitCliFactory } from './cli';
import { marketProphitDemoCredentials } from './token';

it('starts a simulator for the CLI that issues tokens and describes how to use it', async () => {
  const running = await marketProphitCliFactory({ port: 0 });
  try {
    expect(running.describe()).toContain(`marketprophit  ${running.url}`);
    expect(running.describe()).toContain(marketProphitDemoCredentials.secretKey);
    await expect(fetchMarketProphitJwt({ baseUrl: running.url, secretKey: marketProphitDemoCredentials.secretKey })).resolves.toMatch(/^ey/);
  } finally {
    await running.close();
  }
});
