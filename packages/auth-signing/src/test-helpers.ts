// Test-only helpers (not exported from index.ts, not part of the build).
import { AuthConfigError } from './errors';

/**
 * Runs `action`, expects an `AuthConfigError` for `field`, and checks that no secret
 * appears in its message, stack or string form. Returns the error for further checks.
 */
export function expectConfigError(action: () => unknown, field: string, secrets: readonly string[] = []): AuthConfigError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AuthConfigError);
  const error = caught as AuthConfigError;
  expect(error.field).toBe(field);
  expect(error.fatal).toBe(true);
  expect(error.code).toBe('AUTH_CONFIG');
  expect(error.message.startsWith(`${field} `)).toBe(true);
  for (const secret of secrets) {
    expect(error.message).not.toContain(secret);
    expect(error.stack ?? '').not.toContain(secret);
    expect(String(error)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  }
  return error;
}
