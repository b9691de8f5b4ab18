import { BOOK_PEERS, generateBookSequence } from './book-peers';

// Figure 2's libraries fed one sequence must end on the identical book (correctness only, never timings).
test.each([25, 1000])('every book library ends on the identical book at %i levels', (depth) => {
  const sequence = generateBookSequence(depth, 3000);
  expect(sequence.messages.flat().map((u) => u.action)).toEqual(expect.arrayContaining(['+', 'M', '-']));
  const [first, ...others] = BOOK_PEERS.map((peer) => ({
    name: peer.name,
    result: peer.replay(peer.prepare(sequence)),
  }));
  const expected = first!.result.book();
  expect(expected.bids.length).toBeGreaterThan(depth / 2);
  expect(expected.bids.length).toBeLessThanOrEqual(depth);
  for (const { name, result } of others) {
    expect({ name, book: result.book() }).toEqual({ name, book: expected });
    expect({ name, checksum: result.checksum }).toEqual({
      name,
      checksum: first!.result.checksum,
    });
  }
});
