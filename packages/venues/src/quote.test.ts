import { bookQuote } from './quote';

describe('bookQuote', () => {
  it('gives best bid and ask, mid and spread of a book event', () => {
    const quote = bookQuote({ bids: [[99.5, 2], [99, 1]], asks: [[100.5, 3], [101, 4]] });
    expect(quote).toEqual({ bid: 99.5, bidSize: 2, ask: 100.5, askSize: 3, mid: 100, spread: 1 });
  });

  it('is undefined while a side is empty', () => {
    expect(bookQuote({ bids: [[1, 1]], asks: [] })).toBeUndefined();
    expect(bookQuote({ bids: [], asks: [[1, 1]] })).toBeUndefined();
  });
});
