import { Observable, Subject, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { reconnect } from './reconnect';
import type { ConnectionState } from './state';

describe('reconnect', () => {
  it('retries a transient failure immediately, then connects and forwards data', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const attempts: number[] = [];
    const states: ConnectionState[] = [];
    const values: number[] = [];
    const conn = reconnect<number>({
      scheduler,
      random: () => 0.5,
      connect: ({ attempt }) => {
        attempts.push(attempt);
        return attempt === 0 ? throwError(() => new Error('refused')) : new Observable<number>((s) => s.next(attempt));
      },
    });
    conn.state$.subscribe((s) => states.push(s));
    conn.data$.subscribe((v) => values.push(v));
    scheduler.flush();
    expect(attempts).toEqual([0, 1]);
    expect(values).toEqual([1]);
    expect(states.map((s) => s.status)).toEqual(['idle', 'connecting', 'reconnecting', 'connecting', 'connected']);
    expect(states[2]).toMatchObject({ delayMs: 0, attempt: 1, error: new Error('refused') });
    conn.close();
    expect(conn.state.status).toBe('closed');
  });

  it('stops on a fatal error', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const fatal = Object.assign(new Error('bad key'), { fatal: true });
    const conn = reconnect<number>({ scheduler, connect: () => new Subject<number>().pipe(() => throwError(() => fatal)) });
    const errors: unknown[] = [];
    conn.data$.subscribe({ error: (e) => errors.push(e) });
    scheduler.flush();
    expect(errors).toEqual([fatal]);
    expect(conn.state).toMatchObject({ status: 'closed', error: fatal });
  });
});
