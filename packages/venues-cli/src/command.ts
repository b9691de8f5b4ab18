import type { Command } from 'commander';
import type { CliIo } from './io';

/** What every command of the CLI gets: the process's streams and where to leave its exit code. */
export interface CommandContext {
  readonly io: CliIo;
  /** stdout is a terminal that takes colours (no `NO_COLOR`). */
  readonly color: boolean;
  /** Sets the exit code the CLI ends with (see `EXIT`). */
  setExit(code: number): void;
}

/**
 * One command of the `venues` CLI: adds itself (`root.command(name)…action(…)`) to the root
 * program of `venuesProgram`, as `tail`, `sim`, `record` and `replay` do.
 */
export type VenuesCommand = (root: Command, context: CommandContext) => void;
