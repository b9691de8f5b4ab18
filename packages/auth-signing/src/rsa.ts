import { createPrivateKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { AuthConfigError } from './errors';
import { requireCredential } from './credential';

/** Options of `rsaSha256Base64`. */
export interface RsaSignOptions {
  /**
   * Passphrase of an encrypted PKCS#8 PEM (`BEGIN ENCRYPTED PRIVATE KEY`). Default `''`,
   * the eToroX passphrase (`etorox.md §2`); ignored for unencrypted keys.
   */
  passphrase?: string;
}

function loadRsaKey(privateKeyPem: string, passphrase: string): KeyObject {
  requireCredential(privateKeyPem, 'privateKey');
  if (typeof passphrase !== 'string') throw new AuthConfigError('passphrase', 'must be a string');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: 'pem', passphrase });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_OSSL_BAD_DECRYPT' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') {
      throw new AuthConfigError('passphrase', 'does not decrypt privateKey (wrong passphrase)');
    }
    throw new AuthConfigError('privateKey', 'is not a readable PEM private key (PKCS#8 or PKCS#1)');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new AuthConfigError('privateKey', `is a ${key.asymmetricKeyType ?? 'non-RSA'} key, not an RSA key`);
  }
  return key;
}

/**
 * `base64(RSA-SHA256 PKCS#1 v1.5 signature of payload as UTF-8)`, standard padded base64
 * (`etorox.md §3`, vector `etorox.md §3.1`). Accepts plain and encrypted PKCS#8 PEM (and
 * PKCS#1 `BEGIN RSA PRIVATE KEY`); signing is deterministic. Uses Node's `crypto`.
 *
 * @throws AuthConfigError `privateKey` when missing, empty, not a readable PEM or not an
 *   RSA key; `passphrase` when it does not decrypt the key.
 */
export function rsaSha256Base64(privateKeyPem: string, payload: string, options: RsaSignOptions = {}): string {
  const key = loadRsaKey(privateKeyPem, options.passphrase ?? '');
  return sign('sha256', Buffer.from(payload, 'utf8'), key).toString('base64');
}
