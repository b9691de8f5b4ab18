/**
 * @org/venues-cli: the `venues` CLI (bin `venues`), and the same program for embedding
 * (`runCli`) or extending. Public surface only.
 */
export type { CommandContext, VenuesCommand } from './command';
export { EXIT } from './io';
export type { CliIo } from './io';
export { runCli, venuesProgram } from './program';
