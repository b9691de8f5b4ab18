import { bookQuote as etoroxBookQuote } from '@org/etorox';
import type { BookQuote as EtoroxBookQuote } from '@org/etorox';
import type { BookQuote as FineryBookQuote } from '@org/finery';
import { bookQuote } from './quote';
import type { BookQuote } from './quote';

/** `true` when A and B are assignable both ways: the same fields of the same types. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('bookQuote', () => {
  it('gives best bid and ask, mid and spread of a book event', () => {
    const quote = bookQuote({ bids: [[99.5, 2], [99, 1]], asks: [[100.5, 3], [101, 4]] });
    expect(quote).toEqual({ bid: 99.5, bidSize: 2, ask: 100.5, askSize: 3, mid: 100, spread: 1 });
  });

  it('computes mid and spread in 1e-8 units: no float drift on decimal prices', () => {
    expect(bookQuote({ bids: [[100.2, 1]], asks: [[100.3, 1]] })).toMatchObject({ mid: 100.25, spread: 0.1 });
    expect(bookQuote({ bids: [[0.00000001, 1]], asks: [[0.00000003, 1]] })).toMatchObject({ mid: 0.00000002, spread: 0.00000002 });
  });

  it('is undefined while a side is empty', () => {
    expect(bookQuote({ bids: [[1, 1]], asks: [] })).toBeUndefined();
    expect(bookQuote({ bids: [], asks: [[1, 1]] })).toBeUndefined();
  });

  it("has the fields of @org/finery's and @org/etorox's BookQuote (one concept, one name), and eToroX's values on eToroX levels", () => {
    // Fails to type-check (typecheck target) if one of the three shapes drifts.
    const same: [Same<BookQuote, FineryBookQuote>, Same<BookQuote, EtoroxBookQuote>] = [true, true];
    expect(same).toEqual([true, true]);
    for (const levels of [
      { bids: [[99.5, 2], [99, 1]] as [number, number][], asks: [[100.5, 3]] as [number, number][] },
      { bids: [[100.2, 0.3]] as [number, number][], asks: [[100.3, 0.1]] as [number, number][] },
    ]) {
      expect(bookQuote(levels)).toEqual(etoroxBookQuote(levels));
    }
  });
});
