import type { HarnessFactory } from '../runner';
import { startEtoroxHarness } from './etorox';
import { startFineryHarness } from './finery';
import { startHercleHarness } from './hercle';
import { startMarketProphitHarness } from './marketprophit';

/** The four venues, every one streaming through every run. */
export const ALL_VENUES: readonly HarnessFactory[] = [startFineryHarness, startEtoroxHarness, startHercleHarness, startMarketProphitHarness];
