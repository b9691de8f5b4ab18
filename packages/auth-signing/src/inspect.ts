/**
 * Node's `util.inspect.custom` (a registered symbol, so no `node:util` import and browser
 * bundles stay clean). A client defines `[inspectCustom](depth, options, inspect)` to show
 * only what its `toJSON()` shows, never a credential, in `util.inspect` and `console.log`.
 */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** The `inspect` function Node passes as third argument to an `[inspectCustom]` method. */
export type InspectFunction = (value: unknown, options?: object) => string;
