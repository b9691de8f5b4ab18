/**
 * A subscriber under test: connects with `params`, calls `onEvent` once per update it
 * delivers (a feed message, a price update, a record), and resolves with its stop function.
 * Each venue has two: ours (the package's client) and the raw baseline.
 */
export type Consumer<P> = (params: P, onEvent: () => void) => Promise<() => unknown>;
