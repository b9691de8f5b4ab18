import { Command, CommanderError } from 'commander';
import type { CommandContext } from './command';
import { COMMANDS } from './commands';
import { EXIT } from './io';
import type { CliIo } from './io';

/** The root `venues` program with every command of `COMMANDS`; usage errors throw `CommanderError` instead of exiting. */
export function venuesProgram(context: CommandContext): Command {
  const root = new Command('venues')
    .description('Live market data of Finery Markets, eToroX, Hercle and Market Prophit as one stream.')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  // Every command inherits these (commander copies them at `.command()`).
  root.allowExcessArguments(false).allowUnknownOption(false);
  for (const add of COMMANDS) add(root, context);
  return root;
}

/**
 * Runs the `venues` CLI on `argv` (`process.argv` form: node, script, then the arguments)
 * and resolves its exit code (`EXIT`): usage errors are explained on stderr by commander
 * and give 2; an unexpected error is printed as `venues: <message>` and gives 1.
 */
export async function runCli(argv: readonly string[], io: CliIo, color: boolean): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await venuesProgram({ io, color, setExit: (c) => (code = c) }).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.info(`venues: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
  return code;
}
