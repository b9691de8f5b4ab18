import type { Figure } from '../types';
import { bundleSizeFigure } from './bundle-size';
import { clientBookFigure } from './client-book';
import { enginesFigure } from './engines';
import { etoroxFigure } from './etorox';
import { fineryBookFigure } from './finery-book';
import { fineryFeedFigure } from './finery-feed';
import { hercleFigure } from './hercle';
import { latencyFigure } from './latency';
import { marketProphitFigure } from './marketprophit';
import { memoryFigure } from './memory';
import { reconnectFigure } from './reconnect';
import { replayFigure } from './replay';
import { venuesFigure } from './venues';

/** Every figure the harness runs, in issue 9's order; each is added when its client lands. */
export const FIGURES: readonly Figure[] = [fineryFeedFigure, fineryBookFigure, clientBookFigure, hercleFigure, etoroxFigure, marketProphitFigure, venuesFigure, latencyFigure, reconnectFigure, memoryFigure, bundleSizeFigure, replayFigure, enginesFigure].sort((a, b) => a.number - b.number);
