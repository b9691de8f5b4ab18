import { generateKeyPairSync, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ETOROX_SAMPLE_PRIVATE_KEY, ETOROX_SAMPLE_PUBLIC_KEY } from './etorox-sample-key';
import { rsaSha256Base64 } from './rsa';
import { expectConfigError } from './test-helpers';

// etorox.md §3.1: deterministic PKCS#1 v1.5 vector of the sample key.
const VECTOR_PAYLOAD = '0b7e4d2a-8c1f-4e5b-9a3d-6f2e1c0b9a871567334955567';
const VECTOR_SIGNATURE =
  'AA+LS+4u1hTB6uIG4Ohblu3hxD3OAamplV8J9UnXOJjtFuFfSiFksTqKuBHmOzq0K0LtIcswENa8JQ9/HS0EjHJUqSKgRwNB7oNvXDPSA2zgTM+DQVsAXlF/DMidOlrs5X6Pp4MaumpnsoOKNZSe6KcMTpNYi3O2OpjHopnqn78=';

const pemBody = (pem: string) => pem.split('\n').slice(1, -2).join('\n');
const verifies = (publicKey: string | KeyObject, payload: string, signature: string) =>
  verify('sha256', Buffer.from(payload, 'utf8'), publicKey, Buffer.from(signature, 'base64'));

describe('rsaSha256Base64', () => {
  it('reproduces the etorox.md §3.1 vector with the encrypted sample key and an explicit empty passphrase', () => {
    expect(rsaSha256Base64(ETOROX_SAMPLE_PRIVATE_KEY, VECTOR_PAYLOAD, { passphrase: '' })).toBe(VECTOR_SIGNATURE);
  });

  it('defaults the passphrase to the empty string (etorox.md §2) and verifies with the public half', () => {
    const signature = rsaSha256Base64(ETOROX_SAMPLE_PRIVATE_KEY, VECTOR_PAYLOAD);
    expect(signature).toBe(VECTOR_SIGNATURE);
    expect(verifies(ETOROX_SAMPLE_PUBLIC_KEY, VECTOR_PAYLOAD, signature)).toBe(true);
    expect(verifies(ETOROX_SAMPLE_PUBLIC_KEY, `${VECTOR_PAYLOAD}0`, signature)).toBe(false);
  });

  it('signs with plain PKCS#8, plain PKCS#1 and passphrase-encrypted PKCS#8 keys', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' })
      .toString();
    const expected = rsaSha256Base64(pkcs8, 'payload ✓');
    expect(verifies(publicKey, 'payload ✓', expected)).toBe(true);
    expect(rsaSha256Base64(pkcs1, 'payload ✓')).toBe(expected);
    expect(rsaSha256Base64(encrypted, 'payload ✓', { passphrase: 'hunter2' })).toBe(expected);
  });

  it.each([[''], ['  \n'], [undefined]])('rejects a missing or empty private key (%p)', (pem) => {
    expect(expectConfigError(() => rsaSha256Base64(pem as string, 'x'), 'privateKey').message).toBe(
      'privateKey is missing or empty',
    );
  });

  it('rejects a malformed PEM naming privateKey, without echoing it', () => {
    const corrupt = ETOROX_SAMPLE_PRIVATE_KEY.replace('MIIC3TBX', 'MIIC4TBX');
    expectConfigError(() => rsaSha256Base64(corrupt, 'x'), 'privateKey', [pemBody(corrupt)]);
    expectConfigError(() => rsaSha256Base64('not a pem at all', 'x'), 'privateKey', ['not a pem at all']);
  });

  it('rejects a wrong passphrase naming passphrase, without echoing the passphrase or the key', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' })
      .toString();
    const wrong = 'correct-horse-battery';
    expectConfigError(() => rsaSha256Base64(encrypted, 'x', { passphrase: wrong }), 'passphrase', [
      wrong,
      'hunter2',
      pemBody(encrypted),
    ]);
    expectConfigError(() => rsaSha256Base64(encrypted, 'x'), 'passphrase', [pemBody(encrypted)]);
  });

  it('names passphrase for a wrong passphrase that passes the AES-CBC padding check and decrypts to garbage', () => {
    // 'wrong-36' is the first of 'wrong-0', 'wrong-1', … that OpenSSL reports on the sample
    // key as ERR_OSSL_UNSUPPORTED rather than ERR_OSSL_BAD_DECRYPT (about 1 in 200 do).
    expectConfigError(() => rsaSha256Base64(ETOROX_SAMPLE_PRIVATE_KEY, 'x', { passphrase: 'wrong-36' }), 'passphrase', [
      'wrong-36',
      pemBody(ETOROX_SAMPLE_PRIVATE_KEY),
    ]);
  });

  it('rejects a non-RSA key naming privateKey', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const error = expectConfigError(() => rsaSha256Base64(pem, 'x'), 'privateKey', [pemBody(pem)]);
    expect(error.message).toContain('not an RSA key');
  });
});
