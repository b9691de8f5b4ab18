import { InvalidArgumentError, Option } from 'commander';
import { VENUE_NAMES } from '@org/venues';
import { parseVenues } from './selection';

/** Wraps a parser so that its `RangeError` becomes commander's usage error (exit code 2). */
export const parser =
  <T>(parse: (text: string) => T) =>
  (text: string): T => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };

/** A whole number ≥ 0 (`--rate`, `--port`). */
export const count = parser((text) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a whole number ≥ 0: "${text}"`);
  return value;
});

/** `--venue <list>`: the venues a command works on, default all of them (a new `Option` per command). */
export const venueOption = (): Option =>
  new Option('--venue <list>', `venues, comma separated: ${VENUE_NAMES.join(',')}`).argParser(parser(parseVenues)).default([...VENUE_NAMES], 'all');

/** A number > 0 (`--sim-speed`). */
export const positive = parser((text) => {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`not a number > 0: "${text}"`);
  return value;
});

/** `--sim-speed <n>`: the Market Prophit simulator's market clock speed, default 1 (real time). */
export const simSpeedOption = (): Option =>
  new Option('--sim-speed <n>', "simulators: Market Prophit's market clock n× faster than real time (its exchangeTime runs ahead accordingly)").argParser(positive).default(1);
