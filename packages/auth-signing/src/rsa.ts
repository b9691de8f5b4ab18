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

const ENCRYPTED_PKCS8 = /-----BEGIN ENCRYPTED PRIVATE KEY-----([A-Za-z0-9+/=\s]*)-----END ENCRYPTED PRIVATE KEY-----/;
const ENCRYPTED_PKCS1 = /^Proc-Type:\s*4,ENCRYPTED\s*$/m;

/** Whether `der` is one DER SEQUENCE (tag 0x30) whose length spans the whole buffer. */
function isOneDerSequence(der: Buffer): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1]!;
  if (first < 0x80) return 2 + first === der.length;
  const octets = first & 0x7f;
  if (octets < 1 || octets > 4 || der.length < 2 + octets) return false;
  return 2 + octets + der.readUIntBE(2, octets) === der.length;
}

/**
 * Whether `pem` is an encrypted key whose envelope is intact, so that failing to read it
 * is its passphrase's fault. A wrong passphrase passes AES-CBC's padding check about once
 * in 200 tries and decrypts to garbage, which OpenSSL reports as an unsupported key, not
 * as a bad decrypt. Encrypted PKCS#8 is one DER `EncryptedPrivateKeyInfo` SEQUENCE (RFC
 * 5958 §3); encrypted PKCS#1 carries `Proc-Type: 4,ENCRYPTED` (RFC 1421 §4.6.1.1).
 */
function isIntactEncryptedPem(pem: string): boolean {
  const pkcs8 = ENCRYPTED_PKCS8.exec(pem);
  if (pkcs8) return isOneDerSequence(Buffer.from(pkcs8[1]!.replace(/\s+/g, ''), 'base64'));
  return ENCRYPTED_PKCS1.test(pem);
}

function loadRsaKey(privateKeyPem: string, passphrase: string): KeyObject {
  requireCredential(privateKeyPem, 'privateKey');
  if (typeof passphrase !== 'string') throw new AuthConfigError('passphrase', 'must be a string');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: 'pem', passphrase });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const badDecrypt = code === 'ERR_OSSL_BAD_DECRYPT' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED';
    if (badDecrypt || isIntactEncryptedPem(privateKeyPem)) {
      throw new AuthConfigError('passphrase', 'does not decrypt privateKey (a wrong passphrase, or a damaged encrypted key)');
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
 *   RSA key; `passphrase` when it does not decrypt an encrypted key whose envelope is
 *   intact (a wrong passphrase, or damaged ciphertext: the two cannot be told apart).
 */
export function rsaSha256Base64(privateKeyPem: string, payload: string, options: RsaSignOptions = {}): string {
  const key = loadRsaKey(privateKeyPem, options.passphrase ?? '');
  return sign('sha256', Buffer.from(payload, 'utf8'), key).toString('base64');
}
