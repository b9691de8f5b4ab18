import type { Figure } from '../types';
import { fineryBookFigure } from './finery-book';
import { fineryFeedFigure } from './finery-feed';
import { marketProphitFigure } from './marketprophit';

/** Every figure the harness runs, in issue 9's order; each is added when its client lands. */
export const FIGURES: readonly Figure[] = [fineryFeedFigure, fineryBookFigure, marketProphitFigure].sort((a, b) => a.number - b.number);
