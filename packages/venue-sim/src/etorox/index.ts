/** The eToroX v1 simulator (etorox.md): public surface. */
export { startEtoroxSimulator, ETOROX_HUB_ROUTE } from './simulator';
export type { EtoroxSimConnection, EtoroxSimulator, EtoroxSimulatorOptions } from './simulator';
export type { EtoroxSimSubscription } from './streams';
export { etoroxDemoCredentials } from './credentials';
export { ETOROX_DEFAULT_INSTRUMENTS } from './market';
export type { EtoroxInstrument, EtoroxSimBook } from './market';
