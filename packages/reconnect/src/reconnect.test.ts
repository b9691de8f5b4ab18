import { Observable, VirtualTimeScheduler } from 'rxjs';
import type { Subscriber } from 'rxjs';
import { backoffDelay } from './backoff';
import type { BackoffPolicy } from './backoff';
import { ConnectionClosedError, ConnectTimeoutError, ReconnectConfigError, RetriesExhaustedError } from './errors';
import type { Logger } from './logger';
import { weeklyWindow } from './maintenance';
import { DEFAULT_CONNECT_TIMEOUT_MS, reconnect } from './reconnect';
import type { ConnectContext, ReconnectOptions } from './reconnect';
import { createSubscriptionRegistry } from './registry';
import type { ConnectionState } from './state';

/** One connection attempt as the test sees it: drive it from outside, observe its teardown. */
interface FakeConnection {
  readonly context: ConnectContext;
  subscriber?: Subscriber<string>;
  tornDown: boolean;
}

/** A connect factory whose every attempt is recorded and driven by the test. */
function fakeTransport() {
  const attempts: FakeConnection[] = [];
  const connect = (context: ConnectContext) =>
    new Observable<string>((subscriber) => {
      const connection: FakeConnection = { context, subscriber, tornDown: false };
      attempts.push(connection);
      return () => {
        connection.tornDown = true;
      };
    });
  const last = () => {
    const connection = attempts[attempts.length - 1];
    if (!connection?.subscriber) throw new Error('no attempt yet');
    return { ...connection, subscriber: connection.subscriber };
  };
  return { attempts, connect, last };
}

const transient = (message = 'socket closed') => new Error(message);
const fatal = (message = 'credentials rejected') => Object.assign(new Error(message), { fatal: true });
const policy = (overrides: Partial<BackoffPolicy> = {}): Partial<BackoffPolicy> => ({
  initialDelayMs: 1_000,
  maxDelayMs: 8_000,
  factor: 2,
  jitter: 1,
  stableAfterMs: 5_000,
  ...overrides,
});

function start<T = string>(options: ReconnectOptions<T>) {
  const conn = reconnect(options);
  const states: ConnectionState[] = [];
  const values: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  conn.state$.subscribe((s) => states.push(s));
  const subscription = conn.data$.subscribe({
    next: (v) => values.push(v),
    error: (e) => errors.push(e),
    complete: () => (completed = true),
  });
  return { conn, states, values, errors, subscription, completed: () => completed };
}

beforeEach(() => {
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 23, 12, 0, 0) }); // a Monday
});
afterEach(() => {
  jest.useRealTimers();
});

describe('reconnect', () => {
  it('does nothing until data$ is subscribed, then connects once for all subscribers', () => {
    const transport = fakeTransport();
    const conn = reconnect({ connect: transport.connect });
    expect(conn.state).toMatchObject({ status: 'idle', attempt: 0, since: Date.now() });
    expect(transport.attempts).toHaveLength(0);
    const a: string[] = [];
    const b: string[] = [];
    conn.data$.subscribe((v) => a.push(v));
    conn.data$.subscribe((v) => b.push(v));
    expect(transport.attempts).toHaveLength(1);
    expect(conn.state.status).toBe('connecting');
    transport.last().subscriber.next('x');
    expect([a, b]).toEqual([['x'], ['x']]);
    conn.close();
  });

  it('turns connected on the first value or on connected(), whichever comes first, with detail', () => {
    const transport = fakeTransport();
    const { conn, states, values } = start({ connect: transport.connect });
    transport.last().context.connected({ backend: 'online' });
    expect(conn.state).toMatchObject({ status: 'connected', attempt: 0, detail: { backend: 'online' } });
    const since = conn.state.since;
    jest.advanceTimersByTime(100);
    transport.last().subscriber.next('book');
    transport.last().context.setDetail({ backend: 'maintenance' });
    expect(conn.state).toEqual({ status: 'connected', attempt: 0, since, detail: { backend: 'maintenance' } });
    expect(values).toEqual(['book']);
    expect(states.map((s) => s.status)).toEqual(['idle', 'connecting', 'connected', 'connected']);

    const byValue = fakeTransport();
    const other = start({ connect: byValue.connect });
    byValue.last().subscriber.next('first');
    expect(other.conn.state.status).toBe('connected');
    conn.close();
    other.conn.close();
  });

  it('calls the factory anew on every attempt; first retry immediate, then policy delays with jitter', () => {
    const transport = fakeTransport();
    const random = jest.fn(() => 0.5);
    const { conn, states } = start({ connect: transport.connect, policy: policy(), random });
    const expected = [0, 500, 1_000, 2_000, 4_000, 4_000]; // 0.5 × min(8000, 1000 × 2^(n−2))
    for (const [index, delay] of expected.entries()) {
      transport.last().subscriber.error(transient(`drop ${index}`));
      expect(conn.state).toMatchObject({ status: 'reconnecting', attempt: index + 1, delayMs: delay });
      expect(conn.state.error?.message).toBe(`drop ${index}`);
      if (delay > 0) {
        jest.advanceTimersByTime(delay - 1);
        expect(transport.attempts).toHaveLength(index + 1);
      }
      jest.advanceTimersByTime(1);
      expect(transport.attempts).toHaveLength(index + 2);
      expect(transport.last().context.attempt).toBe(index + 1);
      expect(transport.attempts[index]?.tornDown).toBe(true);
    }
    expect(states.filter((s) => s.status === 'reconnecting').map((s) => s.delayMs)).toEqual(expected);
    conn.close();
  });

  it('keeps jittered delays within [0, base] for random at both ends', () => {
    for (const value of [0, 0.999999]) {
      const transport = fakeTransport();
      const { conn } = start({ connect: transport.connect, policy: policy(), random: () => value });
      transport.last().subscriber.error(transient());
      jest.advanceTimersByTime(0);
      transport.last().subscriber.error(transient());
      expect(conn.state.delayMs).toBe(value === 0 ? 0 : 1_000);
      conn.close();
    }
  });

  it('uses an explicit schedule first, exactly, then grows from its last entry', () => {
    const transport = fakeTransport();
    const { conn, states } = start({
      connect: transport.connect,
      policy: policy({ schedule: [0, 2_000, 5_000], jitter: 0, maxDelayMs: 30_000 }),
    });
    for (let i = 0; i < 5; i += 1) {
      transport.last().subscriber.error(transient());
      jest.advanceTimersByTime(conn.state.delayMs ?? 0);
    }
    expect(states.filter((s) => s.status === 'reconnecting').map((s) => s.delayMs)).toEqual([
      0, 2_000, 5_000, 5_000, 10_000,
    ]);
    conn.close();
  });

  it('stops on a fatal error: errors data$ with it, closes, no retry, no timer left', () => {
    const transport = fakeTransport();
    const { conn, errors } = start({ connect: transport.connect, policy: policy() });
    transport.last().subscriber.error(transient());
    jest.advanceTimersByTime(0);
    const rejected = fatal();
    transport.last().subscriber.error(rejected);
    expect(errors).toEqual([rejected]);
    expect(conn.state).toMatchObject({ status: 'closed', error: rejected });
    jest.advanceTimersByTime(60_000);
    expect(transport.attempts).toHaveLength(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('treats a synchronous throw of the factory as the attempt error', () => {
    const { conn, errors } = start({
      connect: () => {
        throw fatal('missing secret');
      },
    });
    expect(errors).toEqual([fatal('missing secret')]);
    expect(conn.state.status).toBe('closed');
  });

  it('honours a custom classify', () => {
    const transport = fakeTransport();
    const { errors } = start({
      connect: transport.connect,
      classify: (error) => ((error as Error).message === '4001' ? 'fatal' : 'transient'),
    });
    transport.last().subscriber.error(new Error('4001'));
    expect(errors).toEqual([new Error('4001')]);
  });

  it('gives up after maxAttempts consecutive retries with RetriesExhaustedError', () => {
    const transport = fakeTransport();
    const { conn, errors } = start({ connect: transport.connect, policy: policy({ maxAttempts: 2, jitter: 0 }) });
    transport.last().subscriber.error(transient('a'));
    jest.advanceTimersByTime(0);
    transport.last().subscriber.error(transient('b'));
    jest.advanceTimersByTime(1_000);
    transport.last().subscriber.error(transient('c'));
    expect(transport.attempts).toHaveLength(3);
    expect(errors).toHaveLength(1);
    const error = errors[0] as RetriesExhaustedError;
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).toMatchObject({ attempts: 2, fatal: true, code: 'RETRIES_EXHAUSTED', cause: transient('c') });
    expect(conn.state).toMatchObject({ status: 'closed', error });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('resets the attempt count after stableAfterMs connected, not before', () => {
    const transport = fakeTransport();
    const { conn } = start({ connect: transport.connect, policy: policy({ jitter: 0 }) });
    transport.last().subscriber.error(transient());
    jest.advanceTimersByTime(0);
    transport.last().subscriber.error(transient());
    jest.advanceTimersByTime(1_000);
    transport.last().context.connected();
    jest.advanceTimersByTime(4_999); // not yet stable: the next drop keeps backing off
    transport.last().subscriber.error(transient());
    expect(conn.state).toMatchObject({ status: 'reconnecting', attempt: 3, delayMs: 2_000 });
    jest.advanceTimersByTime(2_000);
    transport.last().context.connected();
    jest.advanceTimersByTime(5_000); // stable
    transport.last().subscriber.error(transient());
    expect(conn.state).toMatchObject({ status: 'reconnecting', attempt: 1, delayMs: 0 });
    conn.close();
  });

  it('reconnects when the connection completes, with a transient ConnectionClosedError', () => {
    const transport = fakeTransport();
    const { conn } = start({ connect: transport.connect });
    transport.last().subscriber.complete();
    expect(conn.state.status).toBe('reconnecting');
    expect(conn.state.error).toBeInstanceOf(ConnectionClosedError);
    jest.advanceTimersByTime(0);
    expect(transport.attempts).toHaveLength(2);
    conn.close();
  });

  it('ends an attempt that does not connect within connectTimeoutMs, and only then', () => {
    const transport = fakeTransport();
    const { conn } = start({ connect: transport.connect, connectTimeoutMs: 3_000 });
    jest.advanceTimersByTime(2_999);
    expect(conn.state.status).toBe('connecting');
    jest.advanceTimersByTime(1);
    expect(conn.state).toMatchObject({ status: 'reconnecting', error: new ConnectTimeoutError(3_000) });
    expect(transport.attempts[0]?.tornDown).toBe(true);
    jest.advanceTimersByTime(1); // a 0 ms timer set inside a fake-timer tick runs 1 ms later
    expect(transport.attempts).toHaveLength(2);
    transport.last().context.connected();
    jest.advanceTimersByTime(60_000);
    expect(conn.state.status).toBe('connected');
    conn.close();
    expect(jest.getTimerCount()).toBe(0);
    expect(() => reconnect({ connect: transport.connect, connectTimeoutMs: 0 })).toThrow(/connectTimeoutMs/);
  });

  it('gives up on a connect after DEFAULT_CONNECT_TIMEOUT_MS (10 s) when no timeout is given; Infinity waits', () => {
    expect(DEFAULT_CONNECT_TIMEOUT_MS).toBe(10_000);
    const transport = fakeTransport();
    const { conn } = start({ connect: transport.connect });
    jest.advanceTimersByTime(DEFAULT_CONNECT_TIMEOUT_MS - 1);
    expect(conn.state.status).toBe('connecting');
    jest.advanceTimersByTime(1);
    expect(conn.state).toMatchObject({ status: 'reconnecting', error: new ConnectTimeoutError(DEFAULT_CONNECT_TIMEOUT_MS) });
    conn.close();
    const patient = start({ connect: fakeTransport().connect, connectTimeoutMs: Infinity }).conn;
    jest.advanceTimersByTime(3_600_000);
    expect(patient.state.status).toBe('connecting');
    patient.close();
  });

  it('ignores late callbacks of an attempt that already ended', () => {
    const transport = fakeTransport();
    const { conn, values } = start({ connect: transport.connect });
    const first = transport.last();
    first.subscriber.error(transient());
    first.context.connected();
    first.context.setDetail({ stale: true });
    first.subscriber.next('late');
    expect(conn.state.status).toBe('reconnecting');
    expect(values).toEqual([]);
    conn.close();
  });

  it('stretches a retry inside the maintenance window to its end', () => {
    // Hercle: every Wednesday 10:00–11:00 GMT+1 (hercle.md §7) = 09:00–10:00 UTC.
    const maintenance = weeklyWindow({ day: 3, start: '10:00', durationMs: 3_600_000, utcOffsetMinutes: 60 });
    jest.setSystemTime(Date.UTC(2026, 10, 25, 9, 15)); // Wednesday 09:15 UTC, inside
    const transport = fakeTransport();
    const { conn } = start({ connect: transport.connect, maintenance, policy: policy(), random: () => 0.5 });
    transport.last().subscriber.error(transient('1011'));
    const windowEnd = Date.UTC(2026, 10, 25, 10, 0);
    expect(conn.state).toMatchObject({
      status: 'reconnecting',
      delayMs: windowEnd - Date.now() + 500,
      detail: { maintenanceUntil: windowEnd },
    });
    jest.advanceTimersByTime(45 * 60_000 + 499);
    expect(transport.attempts).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(transport.attempts).toHaveLength(2);
    conn.close();
  });

  it('stretches a retry whose delay would land in the maintenance window', () => {
    const maintenance = weeklyWindow({ day: 3, start: '10:00', durationMs: 3_600_000, utcOffsetMinutes: 60 });
    jest.setSystemTime(Date.UTC(2026, 10, 25, 8, 59, 59, 500)); // 500 ms before the window
    const transport = fakeTransport();
    const { conn } = start({ connect: transport.connect, maintenance, policy: policy({ jitter: 0 }) });
    transport.last().subscriber.error(transient());
    expect(conn.state.delayMs).toBe(0); // retry fires before the window
    jest.advanceTimersByTime(0);
    transport.last().subscriber.error(transient()); // next delay 1000 ms → inside
    expect(conn.state.delayMs).toBe(Date.UTC(2026, 10, 25, 10, 0) - Date.now());
    conn.close();
  });

  it('replays every registered subscription exactly once per connection and forgets deleted ones', () => {
    const transport = fakeTransport();
    const registry = createSubscriptionRegistry<string, string>();
    const sent: string[][] = [];
    const { conn } = start({
      connect: (context) => {
        const frames: string[] = [];
        sent.push(frames);
        return transport.connect(context).pipe(
          (source) =>
            new Observable<string>((subscriber) => {
              const subscription = source.subscribe(subscriber);
              context.connected();
              registry.replay((value) => frames.push(value));
              return subscription;
            })
        );
      },
    });
    registry.add('BTCUSDT', 'sub BTCUSDT');
    registry.add('ETHUSDT', 'sub ETHUSDT');
    transport.last().subscriber.error(transient());
    jest.advanceTimersByTime(0);
    registry.delete('BTCUSDT');
    transport.last().subscriber.error(transient());
    jest.advanceTimersByTime(10_000);
    expect(sent).toEqual([[], ['sub BTCUSDT', 'sub ETHUSDT'], ['sub ETHUSDT']]);
    conn.close();
  });

  it('unsubscribing leaves no timer and no connection, while waiting or while connected', () => {
    const transport = fakeTransport();
    const waiting = start({ connect: transport.connect, policy: policy({ jitter: 0 }) });
    transport.last().subscriber.error(transient());
    jest.advanceTimersByTime(0);
    transport.last().subscriber.error(transient());
    expect(jest.getTimerCount()).toBe(1);
    waiting.subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    expect(waiting.conn.state).toEqual({ status: 'closed', attempt: 2, since: Date.now() });

    const live = start({ connect: transport.connect, policy: policy() });
    transport.last().context.connected(); // stable timer running
    expect(jest.getTimerCount()).toBe(1);
    live.subscription.unsubscribe();
    expect(transport.last().tornDown).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    expect(live.conn.state.status).toBe('closed');
  });

  it('close() completes data$ and state$ and ends for good', () => {
    const transport = fakeTransport();
    const { conn, states, completed } = start({ connect: transport.connect });
    let stateDone = false;
    conn.state$.subscribe({ complete: () => (stateDone = true) });
    conn.close();
    conn.close();
    expect(completed()).toBe(true);
    expect(stateDone).toBe(true);
    expect(transport.last().tornDown).toBe(true);
    expect(states.map((s) => s.status)).toEqual(['idle', 'connecting', 'closed']);
    const late: ConnectionState[] = [];
    conn.state$.subscribe((s) => late.push(s));
    expect(late.map((s) => s.status)).toEqual(['closed']);
    let again = false;
    conn.data$.subscribe({ complete: () => (again = true) });
    expect(again).toBe(true);
    expect(transport.attempts).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('close() before any subscriber publishes closed', () => {
    const conn = reconnect({ connect: fakeTransport().connect });
    conn.close();
    expect(conn.state.status).toBe('closed');
  });

  it('restarts a loop for a new subscriber after the last one left', () => {
    const transport = fakeTransport();
    const conn = reconnect({ connect: transport.connect });
    conn.data$.subscribe().unsubscribe();
    expect(conn.state.status).toBe('closed');
    conn.data$.subscribe();
    expect(transport.attempts).toHaveLength(2);
    expect(conn.state).toMatchObject({ status: 'connecting', attempt: 0 });
    conn.close();
  });

  it('runs every timer and timestamp on an injected scheduler', () => {
    const scheduler = new VirtualTimeScheduler();
    const transport = fakeTransport();
    const { conn } = start({ connect: transport.connect, scheduler, policy: policy({ jitter: 0 }), connectTimeoutMs: Infinity });
    transport.last().subscriber.error(transient());
    scheduler.flush();
    transport.last().subscriber.error(transient());
    expect(conn.state).toMatchObject({ status: 'reconnecting', attempt: 2, delayMs: 1_000, since: 0 });
    expect(jest.getTimerCount()).toBe(0); // nothing on the real (here: fake) timers
    scheduler.flush();
    expect(conn.state).toMatchObject({ status: 'connecting', attempt: 2, since: 1_000 });
    transport.last().context.connected();
    scheduler.flush(); // the stable timer: attempt count back to 0
    expect(scheduler.now()).toBe(6_000);
    transport.last().subscriber.error(transient());
    expect(conn.state).toMatchObject({ status: 'reconnecting', attempt: 1, delayMs: 0, since: 6_000 });
    conn.close();
  });

  it('logs transitions through the injected logger', () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m) => lines.push(`debug ${m}`),
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    };
    const transport = fakeTransport();
    start({ connect: transport.connect, logger, name: 'hercle' });
    transport.last().context.connected();
    transport.last().subscriber.error(transient('1011'));
    jest.advanceTimersByTime(0);
    transport.last().subscriber.error(fatal('401'));
    expect(lines).toEqual([
      'debug hercle: connecting',
      'info hercle: connected',
      'warn hercle: connection lost, reconnecting in 0 ms: 1011',
      'debug hercle: connecting',
      'error hercle: connection closed: 401',
    ]);
  });

  it('rejects an invalid policy synchronously', () => {
    expect(() => reconnect({ connect: fakeTransport().connect, policy: { jitter: 2 } })).toThrow(ReconnectConfigError);
    expect(() => backoffDelay({ ...(policy() as BackoffPolicy), maxAttempts: -1 }, 1)).toThrow(/maxAttempts/);
  });
});
