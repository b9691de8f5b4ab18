/** Something a test opens and must close: a publisher, a client. */
export interface Closable {
  close(): Promise<unknown>;
}

/**
 * Registers an `afterEach` that closes whatever the test gave to the returned `track`, even
 * when the test failed half-way: a publisher left open keeps reconnecting to a server that is
 * gone, and Jest never exits. `close()` is called again after a test that closed it already,
 * so it must be idempotent (the bus publishers' is).
 */
export function closeAfterEach(): <T extends Closable>(closable: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((closable) => closable.close().catch(() => undefined)));
  });
  return (closable) => {
    open.push(closable);
    return closable;
  };
}
