import { createManualClock } from './clock';
import { createFaultHooks, createFaultState } from './faults';
import type { DropOptions } from './faults';

function setup() {
  const clock = createManualClock(1_000);
  const state = createFaultState(clock);
  const calls: (DropOptions | undefined | 'malformed')[] = [];
  const hooks = createFaultHooks(state, { drop: (options) => calls.push(options), malformed: () => calls.push('malformed') });
  return { clock, state, calls, hooks };
}

describe('createFaultHooks', () => {
  it('stall(durationMs) holds the state stalled until the window ends', () => {
    const { clock, state, hooks } = setup();
    expect(state.stalled).toBe(false);
    hooks.stall(500);
    expect(state.stalled).toBe(true);
    clock.advance(499);
    expect(state.stalled).toBe(true);
    clock.advance(1);
    expect(state.stalled).toBe(false);
  });

  it('stall() without a duration lasts until resume()', () => {
    const { clock, state, hooks } = setup();
    hooks.stall();
    clock.advance(86_400_000);
    expect(state.stalled).toBe(true);
    hooks.resume();
    expect(state.stalled).toBe(false);
  });

  it('resume() ends a timed stall early', () => {
    const { state, hooks } = setup();
    hooks.stall(10_000);
    hooks.resume();
    expect(state.stalled).toBe(false);
  });

  it('refuse(durationMs) refuses new connections for that long', () => {
    const { clock, state, hooks } = setup();
    hooks.refuse(2_000);
    expect(state.refusing).toBe(true);
    expect(state.stalled).toBe(false);
    clock.advance(2_000);
    expect(state.refusing).toBe(false);
  });

  it('drop and malformed call the venue as they are, options included', () => {
    const { state, calls, hooks } = setup();
    hooks.drop();
    hooks.drop({ graceful: false });
    hooks.malformed();
    hooks.drop({ error: 'Scheduled maintenance', allowReconnect: true });
    expect(calls).toEqual([undefined, { graceful: false }, 'malformed', { error: 'Scheduled maintenance', allowReconnect: true }]);
    expect(state.stalled).toBe(false);
    expect(state.refusing).toBe(false);
  });
});
