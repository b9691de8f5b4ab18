import { cliEntry } from '../cli-entry';
import { startMarketProphitSimulator } from './simulator';
import { marketProphitDemoCredentials } from './token';

/**
 * The `venue-sim start marketprophit` entry for `../registry.ts`: a simulator with its
 * defaults on `host`/`port`, described with the demo key and the requests to send
 * (marketprophit.md §2–§5).
 */
export const marketProphitCliFactory = cliEntry(startMarketProphitSimulator, (sim) => [
  `marketprophit  ${sim.url}`,
  `  POST ${sim.url}/jwt with Basic auth "${marketProphitDemoCredentials.secretKey}:" -> {"token": JWT} (5 h)`,
  `  socket.io v4 (2.x clients too) at ${sim.url} with query token=<JWT>; CORS open to every origin:`,
  `    emit subscribe {path: "/real-time/crowd-sentiment", method: "get", params: {ticker: "AAPL"}} -> "res" every minute`,
  `    emit subscribe {path: "market-prophit-sentiment", params: {}} -> "data" every second, all tickers`,
]);
