/**
 * Upgrade authentication of the Finery simulator (finery.md §2): checks `EFX-Key`,
 * `EFX-Sign` and `EFX-Content` and answers the error code of a failed handshake
 * (finery.md §2.4): missing header 3, unknown key or bad signature 14, nonce 6,
 * timestamp 7.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { hmacSha384Base64 } from '@org/auth-signing';

/** Per-key nonce memory: the last nonce (strictly increasing rule) and recent ones (2-minute rule). */
export interface NonceMemory {
  last: bigint;
  recent: Map<bigint, number>;
}

export interface AuthOptions {
  /** `'increasing'` (default, finery.md §2.2 older rule) or `'unique-2min'` (newer rule). */
  nonceRule: 'increasing' | 'unique-2min';
  /** Allowed |now − timestamp| in ms (finery.md §2.3 simulator default 120 000). */
  timestampToleranceMs: number;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

/** Reads an integer field from the raw JSON text, big-integer safe (finery.md §2.1 precision trap). */
function integerField(content: string, field: string): bigint | undefined {
  const match = new RegExp(`"${field}"\\s*:\\s*(-?\\d+)\\s*[,}]`).exec(content);
  return match ? BigInt(match[1] as string) : undefined;
}

/**
 * Verifies the upgrade headers. Returns the account key, or the error code. The HMAC is
 * computed over the raw `EFX-Content` value before parsing (finery.md §2); the nonce is
 * recorded only when everything passed.
 */
export function verifyUpgrade(
  headers: IncomingHttpHeaders,
  secrets: ReadonlyMap<string, string>,
  nonces: Map<string, NonceMemory>,
  now: number,
  options: AuthOptions,
): { key: string } | { error: number } {
  const key = header(headers, 'EFX-Key');
  const sign = header(headers, 'EFX-Sign');
  const content = header(headers, 'EFX-Content');
  if (!key || !sign || !content) return { error: 3 };
  const secret = secrets.get(key);
  if (secret === undefined) return { error: 14 };
  const expected = Buffer.from(hmacSha384Base64(secret, content));
  const given = Buffer.from(sign);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: 14 };
  try {
    JSON.parse(content);
  } catch {
    return { error: 14 };
  }
  const nonce = integerField(content, 'nonce');
  const timestamp = integerField(content, 'timestamp');
  if (timestamp === undefined || Math.abs(now - Number(timestamp)) > options.timestampToleranceMs) return { error: 7 };
  if (nonce === undefined) return { error: 6 };
  let memory = nonces.get(key);
  if (!memory) nonces.set(key, (memory = { last: -1n, recent: new Map() }));
  if (options.nonceRule === 'increasing') {
    if (nonce <= memory.last) return { error: 6 };
  } else {
    for (const [n, at] of memory.recent) if (now - at > 120_000) memory.recent.delete(n);
    if (memory.recent.has(nonce)) return { error: 6 };
  }
  memory.last = nonce > memory.last ? nonce : memory.last;
  if (options.nonceRule === 'unique-2min') memory.recent.set(nonce, now);
  return { key };
}
