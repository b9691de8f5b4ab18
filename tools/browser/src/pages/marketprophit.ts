/**
 * The @org/marketprophit page, in the documented browser flow (marketprophit.md §2.1): the
 * page's own backend (`/token`) fetches the JWT with the secret key, the page connects to
 * socket.io with it; polling first, so the Engine.IO handshake is a cross-origin request.
 */
import { jwtTokens } from '@org/auth-signing';
import { MarketProphitClient } from '@org/marketprophit';
import { createView, query } from './view';

const { report, update } = createView('@org/marketprophit in the browser');
const tokens = jwtTokens(async (signal) => ((await (await fetch('/token', { signal })).json()) as { token: string }).token, { maxAttempts: 1 });
const client = new MarketProphitClient({ baseUrl: query('url'), tokens, transports: ['polling', 'websocket'] });
client.status$.subscribe((state) => update({ status: state.status, errors: state.error ? [...report.errors, state.error.message] : report.errors }));
client.subscribe('/real-time/market-prophit-sentiment', { ticker: 'AAPL' }).subscribe({
  next: (record) => update({ received: report.received + 1, latest: `${record.ticker} ${record.ts} signal ${String(record['signal_value' as keyof typeof record])}` }),
  error: (error: Error) => update({ errors: [...report.errors, error.message] }),
});
