/**
 * Base64 (RFC 4648 §4) of the UTF-8 bytes of `text`, with `btoa` (browsers and Node alike, no
 * `Buffer`, so the platform-neutral entry stays bundleable for browsers).
 */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Base64url (RFC 4648 §5, no padding) of the UTF-8 bytes of `text`. */
export function base64UrlUtf8(text: string): string {
  return base64Utf8(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
