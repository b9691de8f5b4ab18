/**
 * Creates one strictly increasing nonce sequence: each call returns
 * `max(now(), last + 1)`, an integer in milliseconds-since-epoch range, so nonces also
 * stay unique within any 2-minute window. This satisfies both documented Finery nonce
 * rules (`finery.md §2.2`). Use one sequence per API key, shared by every connection
 * of that key.
 *
 * @param now clock in ms since the Unix epoch; defaults to `Date.now`.
 */
export function createNonce(now: () => number = Date.now): () => number {
  let last = 0;
  return () => {
    last = Math.max(Math.floor(now()), last + 1);
    return last;
  };
}
