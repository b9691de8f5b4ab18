import { errors, jwtVerify, SignJWT } from 'jose';
import { marketProphitPaths } from './paths';

/**
 * The secret key the simulator accepts by default (marketprophit.md §2.1: `sk_live_…`
 * keys, used as the HTTP Basic user name with an empty password).
 */
export const marketProphitDemoCredentials = { secretKey: 'sk_test_mpSim0DemoKey7Qx4bCJVB8xg' } as const;

/** Claims the simulator puts in its tokens (marketprophit.md §2.2, simulator default). */
export interface MarketProphitClaims {
  iat: number;
  exp: number;
  streaming_access: boolean;
  streaming_endpoint_paths: string[];
}

/** Signs HS256 tokens with `iat`/`exp` and checks them against the simulator clock. */
export interface TokenIssuer {
  issue(nowMs: number): Promise<string>;
  /** The token's claims, or the reason it is refused: `invalid token` (also for an `iat` in the future) or `jwt expired` (§3). */
  verify(token: string, nowMs: number): Promise<MarketProphitClaims | { refused: string }>;
}

/** Creates the issuer; `lifetimeMs` is rounded down to whole seconds (JWT NumericDate). */
export function createTokenIssuer(secret: string, lifetimeMs: number, streamingAccess: boolean): TokenIssuer {
  const key = new TextEncoder().encode(secret);
  const streamingPaths = marketProphitPaths.filter((spec) => spec.version === 'B').map((spec) => spec.path);
  return {
    issue(nowMs) {
      const iat = Math.floor(nowMs / 1000);
      return new SignJWT({ streaming_access: streamingAccess, streaming_endpoint_paths: streamingPaths })
        .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
        .setIssuedAt(iat)
        .setExpirationTime(iat + Math.max(1, Math.floor(lifetimeMs / 1000)))
        .sign(key);
    },
    async verify(token, nowMs) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(nowMs) });
        // Issued later than now: not a token of this clock (jose checks `iat` only with maxTokenAge).
        if (typeof payload.iat === 'number' && payload.iat > Math.floor(nowMs / 1000)) return { refused: 'invalid token' };
        return payload as unknown as MarketProphitClaims;
      } catch (error) {
        return { refused: error instanceof errors.JWTExpired ? 'jwt expired' : 'invalid token' };
      }
    },
  };
}
