import { Observable } from 'rxjs';
import { metaFirstLogger } from './logger';
import { reconnect } from './reconnect';
import { connectionStateToJSON } from './state';
import type { ConnectionState } from './state';

describe('ConnectionState.toJSON', () => {
  it('keeps the error name, message, code and fatal flag that JSON.stringify of an Error drops', () => {
    jest.useFakeTimers();
    try {
      const failure = Object.assign(new Error('etorox: connection failed: 503'), { code: 'ETOROX_CONNECTION', fatal: false });
      const loop = reconnect<never>({ connect: () => new Observable<never>((s) => s.error(failure)), policy: { initialDelayMs: 1_000, jitter: 0 } });
      const states: ConnectionState[] = [];
      loop.state$.subscribe((s) => states.push(s));
      const running = loop.data$.subscribe({ error: () => undefined });
      const reconnecting = states.find((s) => s.status === 'reconnecting') as ConnectionState;
      expect(JSON.parse(JSON.stringify(reconnecting))).toEqual({
        status: 'reconnecting',
        attempt: 1,
        since: reconnecting.since,
        delayMs: 0,
        error: { name: 'Error', message: 'etorox: connection failed: 503', code: 'ETOROX_CONNECTION', fatal: false },
      });
      // Not enumerable: equality of states is unchanged.
      expect(Object.keys(reconnecting)).not.toContain('toJSON');
      expect(JSON.parse(JSON.stringify(states[0]))).toEqual({ status: 'idle', attempt: 0, since: states[0]?.since });
      running.unsubscribe();
      loop.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('serializes a hand-built state the same way', () => {
    expect(connectionStateToJSON({ status: 'closed', attempt: 2, since: 5, error: new TypeError('boom'), detail: { a: 1 } })).toEqual({
      status: 'closed',
      attempt: 2,
      since: 5,
      error: { name: 'TypeError', message: 'boom' },
      detail: { a: 1 },
    });
  });
});

describe('metaFirstLogger', () => {
  it('calls a (meta, msg) logger such as pino with the fields first, this bound, missing levels silent', () => {
    const calls: unknown[][] = [];
    const target = {
      prefix: 'p',
      warn(this: { prefix: string }, meta: object, msg: string) {
        calls.push([this.prefix, meta, msg]);
      },
    };
    const logger = metaFirstLogger(target);
    logger.warn?.('reconnecting', { attempt: 1 });
    logger.warn?.('no fields');
    expect(logger.info).toBeUndefined();
    expect(calls).toEqual([
      ['p', { attempt: 1 }, 'reconnecting'],
      ['p', {}, 'no fields'],
    ]);
  });
});
