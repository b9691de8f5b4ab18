/** The Finery Markets simulator (finery.md): public surface only. */
export { fineryDemoCredentials, startFinerySimulator } from './server';
export type { FineryConnectionInfo, FinerySimulator, FinerySimulatorOptions } from './server';
export { FINERY_CURRENCIES, FINERY_INSTRUMENTS } from './reference';
export type { FineryCurrencyTuple, FineryInstrumentSpec } from './reference';
