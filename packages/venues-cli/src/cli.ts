#!/usr/bin/env node
/**
 * The `venues` bin: `venues tail` prints the merged live stream of every venue (from the
 * local simulators, or the venues with `--live`); `venues sim` runs the simulators alone.
 * This file wires the process (stdout, stderr, signals, exit code) to `runCli`.
 */
import type { CliIo } from './io';
import { runCli } from './program';

const stopped = new Promise<void>((resolve) => {
  // A second Ctrl+C while closing falls back to Node's default: exit at once.
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') resolve();
  });
});
const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  drain: (listener) => process.stdout.once('drain', listener),
  info: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  stopped,
};
/** Exits once stdout has handed its last lines to the reader (at most 2 s: a reader may never read). */
const exit = (code: number): void => {
  if (process.stdout.writableLength === 0) process.exit(code);
  process.stdout.once('drain', () => process.exit(code));
  setTimeout(() => process.exit(code), 2000).unref();
};
void runCli(process.argv, io, process.stdout.isTTY === true && !process.env.NO_COLOR).then(exit);
