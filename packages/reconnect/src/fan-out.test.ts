import { retry, take } from 'rxjs';
import type { Subscription } from 'rxjs';
import { fanOut } from './fan-out';
import type { FanOutSink } from './fan-out';

/** A source whose runs are recorded: `log` gets `start N` / `teardown N`, `sinks[N-1]` is run N's sink. */
const recorded = () => {
  const log: string[] = [];
  const sinks: FanOutSink<number>[] = [];
  const source = fanOut<number>((sink) => {
    const run = sinks.push(sink);
    log.push(`start ${run}`);
    return () => log.push(`teardown ${run}`);
  });
  return { log, sinks, source };
};

describe('fanOut', () => {
  it('runs once for all subscribers, delivers every value to each in order, tears down after the last unsubscribe', () => {
    const { log, sinks, source } = recorded();
    const a = source.subscribe((v) => log.push(`a ${v}`));
    const b = source.subscribe((v) => log.push(`b ${v}`));
    sinks[0]!.next(1);
    a.unsubscribe();
    sinks[0]!.next(2);
    b.unsubscribe();
    sinks[0]!.next(3);
    source.subscribe((v) => log.push(`c ${v}`));
    sinks[1]!.next(4);
    expect(log).toEqual(['start 1', 'a 1', 'b 1', 'b 2', 'teardown 1', 'start 2', 'c 4']);
  });

  it('tears down before delivering an error, so retry starts a new run; the old sink is inert', () => {
    const { log, sinks, source } = recorded();
    source.pipe(retry(1)).subscribe({ next: (v) => log.push(`a ${v}`), error: (e) => log.push(`a error ${e}`) });
    source.subscribe({ next: (v) => log.push(`b ${v}`), error: (e) => log.push(`b error ${e}`) });
    sinks[0]!.error('x');
    sinks[0]!.next(1);
    sinks[1]!.next(2);
    sinks[1]!.error('y');
    expect(log).toEqual(['start 1', 'teardown 1', 'start 2', 'b error x', 'a 2', 'teardown 2', 'a error y']);
  });

  it('completes every subscriber after the teardown', () => {
    const { log, sinks, source } = recorded();
    source.subscribe({ complete: () => log.push('a complete') });
    source.subscribe({ complete: () => log.push('b complete') });
    sinks[0]!.complete();
    sinks[0]!.complete();
    expect(log).toEqual(['start 1', 'teardown 1', 'a complete', 'b complete']);
  });

  it('a delivery loop is not disturbed by the unsubscribes and subscribes it causes', () => {
    const { log, sinks, source } = recorded();
    let late: Subscription | undefined;
    const a: Subscription = source.subscribe((v) => {
      log.push(`a ${v}`);
      a.unsubscribe();
      late ??= source.subscribe((w) => log.push(`late ${w}`));
    });
    source.subscribe((v) => log.push(`b ${v}`));
    sinks[0]!.next(1);
    sinks[0]!.next(2);
    late?.unsubscribe();
    expect(log).toEqual(['start 1', 'a 1', 'b 1', 'b 2', 'late 2']);
  });

  it('a run that ends while starting is torn down at once, and the next subscriber starts anew', () => {
    const log: string[] = [];
    let runs = 0;
    const source = fanOut<number>((sink) => {
      const run = ++runs;
      if (run === 1) sink.error('refused');
      else sink.next(run);
      return () => log.push(`teardown ${run}`);
    });
    source.subscribe({ error: (e) => log.push(`error ${e}`) });
    source.pipe(take(1)).subscribe((v) => log.push(`value ${v}`));
    expect(log).toEqual(['error refused', 'teardown 1', 'value 2', 'teardown 2']);
  });
});
