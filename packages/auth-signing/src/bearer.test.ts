import { bearerToken } from './bearer';
import { expectConfigError } from './test-helpers';

describe('bearerToken', () => {
  it('returns an accessTokenFactory yielding the API key itself (hercle.md §1)', () => {
    const factory = bearerToken('hx-key-123');
    expect(factory()).toBe('hx-key-123');
    expect(factory()).toBe('hx-key-123');
  });

  it.each([[''], [' '], [undefined]])('fails at once for a missing key (%p)', (key) => {
    expectConfigError(() => bearerToken(key as string), 'apiKey');
  });
});
