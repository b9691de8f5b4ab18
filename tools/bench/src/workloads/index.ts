import { fineryFeedBaseline, fineryFeedOurs } from './finery';
import { marketProphitBaseline, marketProphitOurs } from './marketprophit';
import type { Workload } from './types';

/** Every workload a child process can run, by name. */
export const WORKLOADS: Record<string, Workload> = {
  'finery-feed-ours': fineryFeedOurs,
  'finery-feed-baseline': fineryFeedBaseline,
  'marketprophit-ours': marketProphitOurs,
  'marketprophit-baseline': marketProphitBaseline,
};
