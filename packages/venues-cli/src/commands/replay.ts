import type { ReplaySpeed } from '@org/recorder';
import { Option } from 'commander';
import type { VenuesCommand } from '../command';
import { count } from '../options';
import { DEFAULT_BUFFER_LINES } from '../output';
import { runReplay } from '../replay';

interface ReplayFlags {
  readonly speed: ReplaySpeed;
  readonly json?: boolean;
  readonly color: boolean;
  readonly buffer: number;
}

const SPEEDS: Readonly<Record<string, ReplaySpeed>> = { '1': 1, '10': 10, max: 'max' };

/** `venues replay FILE…`: plays recordings back through the clients and prints the events (`src/replay.ts`). */
export const replayCommand: VenuesCommand = (root, { io, color, setExit }) => {
  root
    .command('replay')
    .description('replay recordings of `venues record` through the same clients, books and mappers, and print the events as `venues tail` does')
    .argument('<files...>', 'recording files: the parts of one recording in order, or several recordings (merged by receive time)')
    .addOption(new Option('--speed <speed>', 'the recorded pace (1), ten times faster (10) or as fast as possible (max)').choices(Object.keys(SPEEDS)).default('max').argParser((text) => SPEEDS[text] ?? 'max'))
    .option('--json', 'NDJSON: every event as one JSON line')
    .option('--no-color', 'no colours')
    .option('--buffer <lines>', 'event lines held while stdout is not read, before events are dropped', count, DEFAULT_BUFFER_LINES)
    .addHelpText('after', '\nExit codes: 0 replayed, 1 a file had problems (each named with its line on stderr; the rest was replayed).')
    .action(async (files: string[], flags: ReplayFlags) => {
      setExit(await runReplay({ files, speed: flags.speed, json: flags.json ?? false, color: color && flags.color, bufferLines: flags.buffer }, io));
    });
};
