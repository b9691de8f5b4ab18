/**
 * @org/venue-sim: local simulators of Finery Markets, eToroX, Hercle and Market Prophit,
 * and the ASP.NET Core SignalR hub emulator they stand on. Public surface only.
 */
export { createManualClock, systemClock } from './clock';
export type { Clock, ManualClock } from './clock';
export { createFaultHooks, createFaultState } from './faults';
export type { DropOptions, FaultHooks, FaultState, FaultTargets } from './faults';
export type { SimulatorOptions } from './options';
export * from './signalr';
export * from './finery';
export * from './etorox';
export * from './hercle';
export * from './marketprophit';
export { SIMULATOR_VENUES, startAllSimulators, startSimulators } from './all';
export type { SimulatorClientOptions, SimulatorVenue, Simulators, StartSimulatorsOptions, VenueSimulators } from './all';
