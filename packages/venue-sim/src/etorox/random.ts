/** A seeded pseudo-random source: the same seed gives the same market, order ids and all. */
export interface EtoroxRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** A UUID v4 string, lowercase with dashes (etorox.md §6.1: ids are UUIDs). */
  uuid(): string;
}

/** Two-digit lowercase hex of every byte. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** mulberry32: small, fast and good enough for a market simulation. */
export function createEtoroxRandom(seed: number): EtoroxRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const uuid = (): string => {
    let hex = '';
    for (let i = 0; i < 4; i += 1) {
      const value = (next() * 4294967296) >>> 0;
      hex += HEX[value >>> 24]! + HEX[(value >>> 16) & 0xff]! + HEX[(value >>> 8) & 0xff]! + HEX[value & 0xff]!;
    }
    const variant = '89ab'[parseInt(hex[16] ?? '0', 16) & 0x3];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  return { next, int, uuid };
}
