import { createHmac } from 'node:crypto';
import { AuthConfigError } from './errors';
import { hmacSha384Base64 } from './hmac';

// finery.md §2.1: documentation sample credentials and both published vectors.
const SECRET = 'cZpZ1vwzOaXuiONfIQVg8h6za97FoHhrwwgoSCNwDAR';

describe('hmacSha384Base64', () => {
  it('reproduces the WebSocket vector of finery.md §2.1 (nonce beyond 2^53, signed as a string)', () => {
    const content = '{"nonce": 49856723467362345, "timestamp": 1628489110490}';
    expect(hmacSha384Base64(SECRET, content)).toBe('KCn9rlqILiifROYfgpGmRtvgBzSCJa/2KJ31oPKbcyE6D+BaTVfFMXo8kDwQtBC/');
  });

  it('reproduces the REST `add` vector of finery.md §2.1 (method name prefixed to the body)', () => {
    const payload =
      'add{"nonce": 49856723467362345, "timestamp": 1628489110490, "instrument": "BTC-USD", "clientOrderId": 1, "size": 1, "side": "ask", "type": "MarketIOC"}';
    expect(hmacSha384Base64(SECRET, payload)).toBe('xvWE5m9bLUOx6TubJsXbnHPfdmYGvlbma2kuRPma0smOq47yRsG4LCak/hozAiQq');
  });

  it('signs UTF-8 and agrees with a direct HMAC for arbitrary text', () => {
    const payload = '{"note":"Zürich ✓"}';
    const expected = createHmac('sha384', Buffer.from('s€cret', 'utf8')).update(Buffer.from(payload, 'utf8')).digest('base64');
    expect(hmacSha384Base64('s€cret', payload)).toBe(expected);
    expect(hmacSha384Base64('s€cret', payload)).toHaveLength(64);
  });

  it.each([[''], ['   '], [undefined]])('rejects a missing or empty secret (%p) naming the field', (secret) => {
    expect(() => hmacSha384Base64(secret as string, 'x')).toThrow(AuthConfigError);
    expect(() => hmacSha384Base64(secret as string, 'x')).toThrow('secret is missing or empty');
  });
});
