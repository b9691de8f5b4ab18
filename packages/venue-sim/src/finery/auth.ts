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

/** A top-level integer value of the content, big-integer safe (finery.md §2.1 precision trap); `undefined` for any other value. */
function integerField(fields: ReadonlyMap<string, string>, field: string): bigint | undefined {
  const raw = fields.get(field);
  return raw !== undefined && /^-?\d+$/.test(raw) ? BigInt(raw) : undefined;
}

/**
 * Parses `EFX-Content` as JSON (finery.md §2): the raw text of each top-level member of
 * the object, keys decoded. `undefined` when it is not JSON, not an object, or repeats a
 * key in any object: `JSON.parse` keeps the last duplicate, a reader of the raw text may
 * take the first, so a fresh first `timestamp` must not hide a stale last one.
 */
export function parseEfxContent(content: string): ReadonlyMap<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  // Well-formed JSON from here on: only strings, brackets, ':' and ',' matter.
  const objects: (Set<string> | undefined)[] = [];
  const fields = new Map<string, string>();
  let expectKey = false;
  let member: { key: string; start: number } | undefined;
  /** At the end of a top-level member (`,` or `}` of the outer object): record its raw value. */
  const endMember = (at: number) => {
    if (objects.length !== 1) return;
    if (member) fields.set(member.key, content.slice(member.start, at).trim());
    member = undefined;
  };
  for (let i = 0; i < content.length; i++) {
    const char = content[i];
    if (char === '"') {
      const start = i;
      for (i++; content[i] !== '"'; i++) if (content[i] === '\\') i++;
      const keys = objects.at(-1);
      if (!expectKey || keys === undefined) continue;
      const key = JSON.parse(content.slice(start, i + 1)) as string;
      if (keys.has(key)) return undefined;
      keys.add(key);
      expectKey = false;
      if (objects.length === 1) member = { key, start: content.indexOf(':', i + 1) + 1 };
    } else if (char === '{' || char === '[') {
      objects.push(char === '{' ? new Set() : undefined);
      expectKey = char === '{';
    } else if (char === '}' || char === ']') {
      endMember(i);
      objects.pop();
      expectKey = false;
    } else if (char === ',') {
      endMember(i);
      expectKey = objects.at(-1) !== undefined;
    }
  }
  return fields;
}

/**
 * Verifies the upgrade headers. Returns the account key, or the error code. The HMAC is
 * computed over the raw `EFX-Content` value before parsing (finery.md §2); content that is
 * not a JSON object or repeats a key is error 14; `nonce` and `timestamp` are read from the
 * top level only; the nonce is recorded only when everything passed.
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
  const fields = parseEfxContent(content);
  if (fields === undefined) return { error: 14 };
  const nonce = integerField(fields, 'nonce');
  const timestamp = integerField(fields, 'timestamp');
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
