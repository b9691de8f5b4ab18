/** Test harness of the engine packages: private engine servers and bundled child scripts. */
export { findBinary, freePort, startNatsServer, startRedisServer } from './servers';
export type { EngineServer } from './servers';
export { bundleScript } from './bundle';
export { closeAfterEach } from './cleanup';
export type { Closable } from './cleanup';
export { byKey, forkConsumer, runConsumerChild, startSimulators } from './venues';
export type { ChildReport, ConsumerChild, Simulators } from './venues';
export { endToEndWithRestart, sampleEvents } from './scenario';
export type { EndToEndPlan } from './scenario';
