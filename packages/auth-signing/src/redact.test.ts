import { redactError, redactSecrets } from './redact';
import type * as Redact from './redact';

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('key=abc secret=xyz again abc', ['abc', 'xyz'])).toBe(
      'key=[REDACTED] secret=[REDACTED] again [REDACTED]',
    );
  });

  it('ignores undefined and empty secrets and leaves other text alone', () => {
    expect(redactSecrets('nothing here', [undefined, '', 'absent'])).toBe('nothing here');
  });

  it('removes a secret that contains another one whole', () => {
    expect(redactSecrets('token sk_live_123456', ['123', 'sk_live_123456'])).toBe('token [REDACTED]');
  });

  it('removes URL-encoded and JSON-escaped forms (token in a query, PEM inside JSON)', () => {
    const token = 'a+b/c=';
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----';
    const text = `GET /socket.io/?token=${encodeURIComponent(token)} body=${JSON.stringify({ pem })}`;
    const redacted = redactSecrets(text, [token, pem]);
    expect(redacted).toBe('GET /socket.io/?token=[REDACTED] body={"pem":"[REDACTED]"}');
  });

  it('treats secrets literally, not as patterns', () => {
    expect(redactSecrets('a.c abc', ['a.c'])).toBe('[REDACTED] abc');
  });
});

describe('redactSecrets: encodings, whole tokens and short secrets', () => {
  const secret = 'sk_test_mpSim0DemoKey7Qx4bCJVB8xg';

  it('removes the Basic-auth form base64(secret + ":") and the base64 of the secret (marketprophit.md §2.1)', () => {
    const basic = Buffer.from(`${secret}:`).toString('base64');
    const text = `401 {"message":"bad Authorization: Basic ${basic}","raw":"${Buffer.from(secret).toString('base64url')}"}`;
    const redacted = redactSecrets(text, [secret]);
    expect(redacted).toBe('401 {"message":"bad Authorization: Basic [REDACTED]","raw":"[REDACTED]"}');
  });

  it('replaces the whole token around an occurrence, never leaving a fragment', () => {
    expect(redactSecrets('id=xx-hercle-key-123-yy done', ['hercle-key-123'])).toBe('id=[REDACTED] done');
  });

  it('never mangles a host name with a short secret; a short secret equal to a whole token is still removed', () => {
    const text = 'connect to trade.finerymarkets.com failed for key s';
    expect(redactSecrets(text, ['s', 'e'])).toBe('connect to trade.finerymarkets.com failed for key [REDACTED]');
  });

  it('warns once per process (SHORT_SECRET) on a secret too short to search for, never on a long one', () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      // A fresh module: the warning is once per process, and earlier tests here may have given it.
      jest.isolateModules(() => {
        const fresh = jest.requireActual<typeof Redact>('./redact');
        fresh.redactSecrets('key long-secret-value', ['long-secret-value']);
        expect(emitWarning).not.toHaveBeenCalled();
        fresh.redactSecrets('key s', ['s']);
        fresh.redactSecrets('key t', ['t']);
      });
      expect(emitWarning.mock.calls).toEqual([[expect.stringContaining('shorter than 6 characters is redacted only where a whole token equals it'), { code: 'SHORT_SECRET' }]]);
    } finally {
      emitWarning.mockRestore();
    }
  });
});

describe('redactError', () => {
  it('redacts the message, own string fields and the whole cause chain, keeping class, name and code', () => {
    class VenueError extends Error {
      override readonly name = 'VenueError';
      readonly code = 'X';
      constructor(message: string, readonly raw: string, options?: { cause?: unknown }) {
        super(message, options);
      }
    }
    const key = 'hercle-sim-demo-key';
    const root = new Error(`server said: bad token ${key}`);
    const error = new VenueError(`failed with ${key}`, `raw ${key}`, { cause: new Error('wrapped', { cause: root }) });
    const copy = redactError(error, [key]) as VenueError;
    expect(copy).toBeInstanceOf(VenueError);
    expect(copy).toMatchObject({ name: 'VenueError', code: 'X', message: 'failed with [REDACTED]', raw: 'raw [REDACTED]' });
    expect(((copy.cause as Error).cause as Error).message).toBe('server said: bad token [REDACTED]');
    expect(copy.stack).not.toContain(key);
    expect(error.message).toContain(key);
  });

  it('cuts a cyclic cause chain', () => {
    const a = new Error('a secret-value-1');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const copy = redactError(a, ['secret-value-1']);
    let depth = 0;
    for (let e: unknown = copy; e instanceof Error; e = e.cause) depth++;
    expect(depth).toBeLessThanOrEqual(8);
    expect(copy.message).toBe('a [REDACTED]');
  });
});

describe('redactSecrets (fuzz, seeded)', () => {
  /** Deterministic PRNG (mulberry32), so a failure names its case. */
  const random = (seed: number) => () => {
    let t = (seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ALPHABET = 'abcXYZ019_-.+/=:%~ "\\\n{}[]é😀';

  it('leaves no encoding of a secret a client produces in any text, and never grows a short secret into other tokens', () => {
    const next = random(20_261_203);
    const pick = (text: string) => [...text][Math.floor(next() * [...text].length)] ?? 'a';
    const word = (min: number, max: number) => Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(ALPHABET)).join('');
    const leaks: unknown[] = [];
    for (let run = 0; run < 2_000; run += 1) {
      const secret = word(6, 40);
      const encodings = [
        secret,
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1),
        Buffer.from(`${secret}:`).toString('base64'),
        Buffer.from(secret).toString('base64url'),
      ];
      const text = `${word(0, 20)}${encodings[Math.floor(next() * encodings.length)]}${word(0, 20)} Basic ${encodings[3]}`;
      const redacted = redactSecrets(text, [secret]);
      if (encodings.some((encoding) => redacted.includes(encoding))) leaks.push({ run, text, redacted });
    }
    expect(leaks).toEqual([]);
    expect(redactSecrets('trade.finerymarkets.com:443 e s', ['e', 's', 'com'])).toBe('trade.finerymarkets.com:443 [REDACTED] [REDACTED]');
  });
});
