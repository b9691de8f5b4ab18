#!/usr/bin/env node
/**
 * The `venue-sim` command: starts local venue simulators by name and keeps them running
 * until interrupted.
 *
 * ```
 * venue-sim start finery hercle --port 5000
 * venue-sim list
 * ```
 */
import { Command, InvalidArgumentError } from 'commander';
import { version } from '../package.json';
import type { RunningSimulator } from './registry';
import { simulators } from './registry';

/** Where the CLI writes; tests pass their own. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Started simulators of one `start` command, for shutdown. */
export interface CliSession {
  readonly running: readonly RunningSimulator[];
  close(): Promise<void>;
}

/**
 * Builds the command-line program. `onStarted` receives the session of `start` (the
 * binary closes it on SIGINT/SIGTERM).
 */
export function createCli(output: CliOutput, onStarted: (session: CliSession) => void): Command {
  const program = new Command('venue-sim')
    .description('Local simulators of trading venues (Finery Markets, eToroX, Hercle, Market Prophit) and a SignalR demo hub.')
    .version(version)
    .addHelpText('after', `\nSimulators: ${Object.keys(simulators).join(', ')}\nExample: venue-sim start finery hercle --port 5000\n`)
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .exitOverride();
  program
    .command('list')
    .description('list the simulators that can be started')
    .action(() => {
      output.out(Object.keys(simulators).join('\n') + '\n');
    });
  program
    .command('start')
    .description('start simulators and keep them running until interrupted (Ctrl-C)')
    .argument('<venues...>', `simulators to start: ${Object.keys(simulators).join(', ')}`)
    .option('-p, --port <port>', 'port of the first simulator, the next ones count up; 0 picks free ports', parsePort, 0)
    .option('-H, --host <host>', 'interface to bind', '127.0.0.1')
    .action(async (venues: string[], options: { port: number; host: string }) => {
      const unknown = venues.filter((name) => !Object.hasOwn(simulators, name));
      if (unknown.length > 0) {
        program.error(`error: unknown simulator(s): ${unknown.join(', ')}; known: ${Object.keys(simulators).join(', ')}`);
      }
      const running: RunningSimulator[] = [];
      const session: CliSession = { running, close: () => Promise.all(running.map((sim) => sim.close())).then(() => undefined) };
      try {
        for (const [index, name] of venues.entries()) {
          const port = options.port === 0 ? 0 : options.port + index;
          running.push(await simulators[name]!({ host: options.host, port }));
          output.out(running[running.length - 1]!.describe() + '\n');
        }
      } catch (error) {
        await session.close();
        // Not `instanceof Error`: errors of Node's net module may come from another realm (e.g. under Jest).
        const message = (error as { message?: unknown } | null | undefined)?.message;
        program.error(`error: failed to start: ${typeof message === 'string' ? message : String(error)}`);
      }
      onStarted(session);
    });
  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected an integer from 0 to 65535');
  return port;
}

/**
 * Runs the `venue-sim` command on `argv` (`process.argv` form) with the terminal as output:
 * `start` keeps its simulators until SIGINT/SIGTERM, then closes them and exits 0. Exits 1
 * (or commander's exit code, 0 for `--help`) when parsing or starting fails. What
 * `bin/venue-sim.cjs` calls, on the build or on the source.
 */
export function runVenueSimCli(argv: readonly string[]): void {
  const output: CliOutput = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
  let session: CliSession | undefined;
  // Listening from the start: a signal while the simulators are still starting stops too.
  const stop = (): void => {
    (session ? session.close() : Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  createCli(output, (started) => {
    session = started;
  })
    .parseAsync([...argv])
    .catch((error: { exitCode?: number }) => process.exit(typeof error.exitCode === 'number' ? error.exitCode : 1));
}

if (typeof module !== 'undefined' && require.main === module) runVenueSimCli(process.argv);
