import { redactSecrets } from './redact';

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
