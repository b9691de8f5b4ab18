#!/usr/bin/env node
/** The venue-sim CLI: filled in by the SignalR emulator issue. */
export {};
