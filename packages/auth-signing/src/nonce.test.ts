import fc from 'fast-check';
import { createNonce } from './nonce';

describe('createNonce', () => {
  it('follows the clock and stays strictly increasing when the clock stands still or goes back', () => {
    const clock = [1000, 1000, 1000, 5000, 4000, 4000.7];
    const next = createNonce(() => clock.shift()!);
    expect(Array.from({ length: 6 }, next)).toEqual([1000, 1001, 1002, 5000, 5001, 5002]);
  });

  it('uses Date.now by default', () => {
    jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const next = createNonce();
    expect([next(), next()]).toEqual([1_700_000_000_000, 1_700_000_000_001]);
  });

  it('yields strictly increasing integers for any clock (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { minLength: 1, maxLength: 50 }), (times) => {
        let i = 0;
        const next = createNonce(() => times[i++]!);
        const nonces = times.map(() => next());
        nonces.forEach((nonce, j) => {
          expect(Number.isSafeInteger(nonce)).toBe(true);
          expect(nonce).toBeGreaterThanOrEqual(times[j]!);
          if (j > 0) expect(nonce).toBeGreaterThan(nonces[j - 1]!);
        });
      }),
    );
  });

  it('keeps separate sequences independent', () => {
    const now = () => 42;
    const a = createNonce(now);
    const b = createNonce(now);
    expect([a(), a(), b()]).toEqual([42, 43, 42]);
  });
});
