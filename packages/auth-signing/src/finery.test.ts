import fc from 'fast-check';
import { fineryAuthHeaders } from './finery';
import { hmacSha384Base64 } from './hmac';
import { expectConfigError } from './test-helpers';

// finery.md §2.1 documentation sample credentials.
const credentials = {
  key: 'RlZ4sKsHSr5zmYKIzbtf772J9y9gx8nekd8COrawI5V',
  secret: 'cZpZ1vwzOaXuiONfIQVg8h6za97FoHhrwwgoSCNwDAR',
};

describe('fineryAuthHeaders', () => {
  it('sends {"nonce":N,"timestamp":ms} and signs exactly that string (finery.md §2)', () => {
    const headers = fineryAuthHeaders(credentials, { nonce: 12345, timestamp: 1628489110490 });
    expect(headers).toEqual({
      'EFX-Key': credentials.key,
      'EFX-Content': '{"nonce":12345,"timestamp":1628489110490}',
      'EFX-Sign': hmacSha384Base64(credentials.secret, '{"nonce":12345,"timestamp":1628489110490}'),
    });
    expect(JSON.parse(headers['EFX-Content'])).toEqual({ nonce: 12345, timestamp: 1628489110490 });
  });

  it('round-trips any integer nonce and timestamp, and always signs the content sent (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.nat({ max: 2 ** 45 }), (nonce, timestamp) => {
        const headers = fineryAuthHeaders(credentials, { nonce, timestamp });
        expect(JSON.parse(headers['EFX-Content'])).toEqual({ nonce, timestamp });
        expect(headers['EFX-Sign']).toBe(hmacSha384Base64(credentials.secret, headers['EFX-Content']));
      }),
    );
  });

  it('keeps a nonce beyond Number.MAX_SAFE_INTEGER exact when given as a string (finery.md §2.1)', () => {
    const headers = fineryAuthHeaders(credentials, { nonce: '49856723467362345', timestamp: 1628489110490 });
    expect(headers['EFX-Content']).toBe('{"nonce":49856723467362345,"timestamp":1628489110490}');
    expect(headers['EFX-Sign']).toBe(hmacSha384Base64(credentials.secret, headers['EFX-Content']));
  });

  it('defaults to a strictly increasing per-key nonce and the current time', () => {
    jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const sequenceKey = { ...credentials, key: 'key-of-the-sequence-test' };
    const contents = Array.from({ length: 3 }, () => JSON.parse(fineryAuthHeaders(sequenceKey)['EFX-Content']));
    expect(contents.map((c) => c.nonce)).toEqual([1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_002]);
    expect(contents.map((c) => c.timestamp)).toEqual([1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_000]);
    const otherKey = JSON.parse(fineryAuthHeaders({ ...credentials, key: 'another-key-of-the-sequence-test' })['EFX-Content']);
    expect(otherKey.nonce).toBe(1_700_000_000_000);
  });

  it('rejects missing credentials naming the field, never the value', () => {
    expectConfigError(() => fineryAuthHeaders({ key: '', secret: credentials.secret }), 'key', [credentials.secret]);
    expectConfigError(() => fineryAuthHeaders({ key: credentials.key, secret: '' }), 'secret', [credentials.key]);
    expectConfigError(() => fineryAuthHeaders(undefined as never), 'key');
  });

  it.each([[-1], [1.5], [Number.MAX_SAFE_INTEGER + 2], ['12a'], ['']])('rejects the nonce %p', (nonce) => {
    expectConfigError(() => fineryAuthHeaders(credentials, { nonce }), 'nonce', [credentials.secret]);
  });

  it('rejects a non-integer timestamp', () => {
    expectConfigError(() => fineryAuthHeaders(credentials, { timestamp: Number.NaN }), 'timestamp');
  });
});
