import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** The `setup` argument (etorox.md §5: all fields mandatory). */
export interface EtoroxSetupArgument {
  apiKey: string;
  nonce: string;
  /** Milliseconds since the epoch, a JSON number (etorox.md §3). */
  timestamp: number;
  /** base64 RSA-SHA256 PKCS#1 v1.5 signature of `${nonce}${timestamp}` (etorox.md §3). */
  signature: string;
}

/** The `setup` result: `success`, or `error` with the reason (etorox.md §5.1, simulator default). */
export type EtoroxSetupResult = { status: 'success' } | { status: 'error'; message: string };

/** Replay protection of one simulator (etorox.md §3: simulator default 30 s window, 10 min nonce memory). */
export interface EtoroxSetupVerifier {
  verify(routeApiKey: string, argument: unknown, nowMs: number): EtoroxSetupResult;
}

export interface EtoroxSetupVerifierOptions {
  /** API key → PEM public key (SPKI). */
  keys: ReadonlyMap<string, string>;
  /** Largest accepted `|now − timestamp|`, ms. Default 30 000 (etorox.md §3). */
  timestampWindowMs?: number;
  /** How long a nonce stays used, ms. Default 600 000 (etorox.md §3). */
  nonceRetentionMs?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function checkSignature(publicKey: KeyObject, argument: EtoroxSetupArgument): boolean {
  try {
    return verify('sha256', Buffer.from(`${argument.nonce}${argument.timestamp}`, 'utf8'), publicKey, Buffer.from(argument.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Verifies `setup` calls (etorox.md §3, §5.1): shape, API key equal to the one in the hub
 * path and registered, timestamp within the window, nonce not seen within the retention,
 * and the RSA-SHA256 signature against the registered public key. A nonce is remembered
 * only once its signature verified, so nobody can burn another client's nonces.
 */
export function createEtoroxSetupVerifier(options: EtoroxSetupVerifierOptions): EtoroxSetupVerifier {
  const windowMs = options.timestampWindowMs ?? 30_000;
  const retentionMs = options.nonceRetentionMs ?? 600_000;
  const publicKeys = new Map([...options.keys].map(([apiKey, pem]) => [apiKey, createPublicKey(pem)]));
  const seen = new Map<string, number>();
  const fail = (message: string): EtoroxSetupResult => ({ status: 'error', message });
  return {
    verify(routeApiKey, argument, nowMs) {
      for (const [key, at] of seen) if (nowMs - at > retentionMs) seen.delete(key);
      if (
        !isRecord(argument) ||
        typeof argument.apiKey !== 'string' ||
        typeof argument.nonce !== 'string' ||
        typeof argument.timestamp !== 'number' ||
        typeof argument.signature !== 'string'
      ) {
        return fail('Invalid setup request: apiKey, nonce, timestamp (number) and signature are required');
      }
      const request = argument as unknown as EtoroxSetupArgument;
      const publicKey = publicKeys.get(request.apiKey);
      if (request.apiKey !== routeApiKey || !publicKey) return fail('Unknown API key');
      if (Math.abs(nowMs - request.timestamp) > windowMs) return fail('Timestamp outside the allowed window');
      const nonceKey = `${request.apiKey}/${request.nonce}`;
      if (seen.has(nonceKey)) return fail('Nonce already used');
      if (!checkSignature(publicKey, request)) return fail('Invalid signature');
      seen.set(nonceKey, nowMs);
      return { status: 'success' };
    },
  };
}
