import { assertSecureUrl, InsecureTransportError, isLoopbackHost } from './transport';

describe('assertSecureUrl', () => {
  it.each(['wss://trade.finerymarkets.com/ws', 'https://api.example.com/jwt', 'ws://127.0.0.1:1234/ws', 'http://localhost:80/x', 'ws://[::1]:9/', 'http://127.9.8.7/'])(
    'accepts %s',
    (url) => {
      expect(assertSecureUrl(url, { field: 'url' })).toBe(url);
    },
  );

  it.each(['ws://example.com/ws', 'http://10.0.0.1/jwt', 'ws://localhost.example.com/', 'http://128.0.0.1/'])(
    'refuses %s with a fatal InsecureTransportError naming the option and the host',
    (url) => {
      let error: unknown;
      try {
        assertSecureUrl(url, { field: 'tokenUrl' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InsecureTransportError);
      const e = error as InsecureTransportError;
      expect(e.fatal).toBe(true);
      expect(e.code).toBe('INSECURE_TRANSPORT');
      expect(e.message).toContain('tokenUrl');
      expect(e.message).toContain(new URL(url).hostname);
    },
  );

  it('accepts any plaintext host with allowInsecure', () => {
    expect(assertSecureUrl('ws://example.com/ws', { field: 'url', allowInsecure: true })).toBe('ws://example.com/ws');
  });

  it('never echoes userinfo or query of the URL', () => {
    expect(() => assertSecureUrl('http://user:s3cret@example.com/?token=abc', { field: 'url' })).toThrow(
      /^((?!s3cret|abc).)*$/,
    );
  });

  it('rejects a relative URL as an invalid URL', () => {
    expect(() => assertSecureUrl('/ws', { field: 'url' })).toThrow(/Invalid URL/);
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback names and addresses', () => {
    expect(['localhost', 'a.localhost', '127.0.0.1', '[::1]', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['example.com', '0.0.0.0', '127.0.0', '10.0.0.1'].some(isLoopbackHost)).toBe(false);
  });
});
