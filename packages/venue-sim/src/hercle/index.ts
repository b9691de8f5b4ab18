/** The Hercle simulator (hercle.md): public surface of `packages/venue-sim/src/hercle`. */
export { hercleDemoCredentials, HERCLE_HUB_PATH, startHercleSimulator } from './simulator';
export type { HercleReceivedCommand, HercleSimulator, HercleSimulatorOptions } from './simulator';
export { HERCLE_DEFAULT_PAIRS } from './market';
export type { HercleSimPair } from './market';
export type { HercleVenue, HercleVenueOptions } from './venue';
export type { HercleTarget, HercleWireEnvelope } from './wire';
