import { cliEntry } from '../cli-entry';
import { HERCLE_DEFAULT_PAIRS } from './market';
import { hercleDemoCredentials, startHercleSimulator } from './simulator';

/**
 * The `venue-sim start hercle` entry for `../registry.ts`: a simulator with its defaults on
 * `host`/`port`, described with the hub URL, the demo API key (the bearer token) and what
 * to invoke (hercle.md §1, §3, §4.1).
 */
export const hercleCliFactory = cliEntry(startHercleSimulator, (sim) => [
  `hercle  ${sim.url}`,
  `  SignalR hub (JSON protocol, WebSockets); API key "${hercleDemoCredentials.apiKey}" as the bearer token (accessTokenFactory).`,
  `  invoke GetPairs("cid") -> executionEvents execution.pairs; SubscribePairPriceChannel("cid", "BTCUSDT", 1) -> subscriptions execution.feeds.priceUpdate every second`,
  `  pairs ${HERCLE_DEFAULT_PAIRS.map((pair) => pair.name).join(', ')}`,
]);
