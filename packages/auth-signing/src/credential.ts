import { AuthConfigError } from './errors';

/**
 * Returns `value` when it is a non-blank string, else throws `AuthConfigError` naming
 * `field` (never the value). Internal: every recipe validates its credentials with it.
 */
export function requireCredential(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AuthConfigError(field, 'is missing or empty');
  }
  return value;
}
