import { verify } from 'node:crypto';
import { etoroxSetupRequest } from './etorox';
import { ETOROX_SAMPLE_API_KEY, ETOROX_SAMPLE_PRIVATE_KEY, ETOROX_SAMPLE_PUBLIC_KEY } from './etorox-sample-key';
import { expectConfigError } from './test-helpers';

const credentials = { apiKey: ETOROX_SAMPLE_API_KEY, privateKey: ETOROX_SAMPLE_PRIVATE_KEY };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const verifies = (payload: string, signature: string) =>
  verify('sha256', Buffer.from(payload, 'utf8'), ETOROX_SAMPLE_PUBLIC_KEY, Buffer.from(signature, 'base64'));

describe('etoroxSetupRequest', () => {
  it('builds { apiKey, nonce, timestamp, signature } with a fresh UUID v4 and ms timestamp (etorox.md §3, §5.1)', () => {
    jest.spyOn(Date, 'now').mockReturnValue(1_567_334_955_567);
    const request = etoroxSetupRequest(credentials);
    expect(Object.keys(request).sort()).toEqual(['apiKey', 'nonce', 'signature', 'timestamp']);
    expect(request.apiKey).toBe(ETOROX_SAMPLE_API_KEY);
    expect(request.nonce).toMatch(UUID_V4);
    expect(request.timestamp).toBe(1_567_334_955_567);
    expect(verifies(`${request.nonce}${request.timestamp}`, request.signature)).toBe(true);
    expect(verifies(`${request.timestamp}${request.nonce}`, request.signature)).toBe(false);
  });

  it('takes a new nonce on every call (every reconnect signs afresh, etorox.md §7.1)', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => etoroxSetupRequest(credentials).nonce));
    expect(nonces.size).toBe(20);
  });

  it('reproduces the etorox.md §3.1 signature for the documented nonce and timestamp', () => {
    const request = etoroxSetupRequest(
      { ...credentials, passphrase: '' },
      { nonce: '0b7e4d2a-8c1f-4e5b-9a3d-6f2e1c0b9a87', timestamp: 1567334955567 },
    );
    expect(request).toEqual({
      apiKey: ETOROX_SAMPLE_API_KEY,
      nonce: '0b7e4d2a-8c1f-4e5b-9a3d-6f2e1c0b9a87',
      timestamp: 1567334955567,
      signature:
        'AA+LS+4u1hTB6uIG4Ohblu3hxD3OAamplV8J9UnXOJjtFuFfSiFksTqKuBHmOzq0K0LtIcswENa8JQ9/HS0EjHJUqSKgRwNB7oNvXDPSA2zgTM+DQVsAXlF/DMidOlrs5X6Pp4MaumpnsoOKNZSe6KcMTpNYi3O2OpjHopnqn78=',
    });
  });

  it('names the missing field and never its value', () => {
    expectConfigError(() => etoroxSetupRequest({ ...credentials, apiKey: '' }), 'apiKey', [ETOROX_SAMPLE_PRIVATE_KEY]);
    expectConfigError(() => etoroxSetupRequest({ apiKey: ETOROX_SAMPLE_API_KEY } as never), 'privateKey', [
      ETOROX_SAMPLE_API_KEY,
    ]);
    expectConfigError(() => etoroxSetupRequest({ ...credentials, passphrase: 'not-empty' }), 'passphrase', [
      'not-empty',
      ETOROX_SAMPLE_API_KEY,
      ETOROX_SAMPLE_PRIVATE_KEY.split('\n')[1]!,
    ]);
    expectConfigError(() => etoroxSetupRequest(credentials, { timestamp: 1.5 }), 'timestamp');
    expectConfigError(() => etoroxSetupRequest(credentials, { nonce: '' }), 'nonce');
  });
});
