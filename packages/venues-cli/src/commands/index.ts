import type { VenuesCommand } from '../command';
import { recordCommand } from './record';
import { replayCommand } from './replay';
import { simCommand } from './sim';
import { tailCommand } from './tail';

/**
 * Every command of the `venues` CLI, in `--help` order. A new command is one file in this
 * folder exporting a `VenuesCommand`, and one entry here.
 */
export const COMMANDS: readonly VenuesCommand[] = [tailCommand, simCommand, recordCommand, replayCommand];
