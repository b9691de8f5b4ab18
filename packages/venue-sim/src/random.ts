/**
 * Seeded pseudo-random numbers of the simulators (mulberry32): the same seed gives the same
 * market, ids and values, so a test or benchmark run can be repeated exactly. Not for
 * anything secret.
 */

/** A seeded pseudo-random source. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A version 4 UUID string, lowercase with dashes (RFC 9562 §5.4), drawn from this source. */
  uuid(): string;
}

/** Two-digit lowercase hex of every byte. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** The mulberry32 output function: a 32-bit state to a uniform number in [0, 1). */
function mulberry32(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * Creates a mulberry32 source seeded with `seed` (any number; only its low 32 bits count,
 * 0 included). Small and fast, good enough for a market simulation.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    return mulberry32(state);
  };
  const uuid = (): string => {
    let hex = '';
    for (let i = 0; i < 4; i += 1) {
      const value = (next() * 4294967296) >>> 0;
      hex += HEX[value >>> 24]! + HEX[(value >>> 16) & 0xff]! + HEX[(value >>> 8) & 0xff]! + HEX[value & 0xff]!;
    }
    const variant = '89ab'[parseInt(hex[16] ?? '0', 16) & 0x3];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)), uuid };
}

/**
 * A uniform number in [0, 1) fixed by `text` alone (FNV-1a of its UTF-16 code units, then
 * one mulberry32 step): for values that must not depend on the order they are asked for,
 * e.g. a record keyed by (seed, path, ticker, time).
 */
export function hashUniform(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mulberry32((h + 0x6d2b79f5) >>> 0);
}
