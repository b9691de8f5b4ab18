import { createSubscriptionRegistry } from './registry';

describe('createSubscriptionRegistry', () => {
  it('adds, replaces, looks up and forgets entries', () => {
    const registry = createSubscriptionRegistry<string, number>();
    expect(registry.add('a', 1)).toBe(true);
    expect(registry.add('b', 2)).toBe(true);
    expect(registry.add('a', 3)).toBe(false);
    expect(registry.size).toBe(2);
    expect(registry.get('a')).toBe(3);
    expect(registry.has('b')).toBe(true);
    expect(registry.keys()).toStrictEqual(['a', 'b']);
    expect(registry.delete('b')).toBe(true);
    expect(registry.delete('b')).toBe(false);
    expect(registry.get('b')).toBeUndefined();
    registry.clear();
    expect(registry.size).toBe(0);
  });

  it('replays every active entry exactly once per call, in insertion order, with current values', () => {
    const registry = createSubscriptionRegistry<string, string>();
    registry.add('BTCUSDT|1', 'sub1');
    registry.add('ETHUSDT|1', 'sub2');
    registry.add('BTCUSDT|1', 'sub1b');
    const sent: [string, string][] = [];
    registry.replay((value, key) => sent.push([key, value]));
    expect(sent).toStrictEqual([
      ['BTCUSDT|1', 'sub1b'],
      ['ETHUSDT|1', 'sub2'],
    ]);
    registry.replay((value, key) => sent.push([key, value]));
    expect(sent).toHaveLength(4);
  });

  it('never replays a deleted entry, even one deleted during the replay', () => {
    const registry = createSubscriptionRegistry<string, string>();
    for (const key of ['a', 'b', 'c']) registry.add(key, key);
    registry.delete('a');
    const sent: string[] = [];
    registry.replay((value) => {
      sent.push(value);
      if (value === 'b') registry.delete('c');
    });
    expect(sent).toStrictEqual(['b']);
  });

  it('does not include entries added during the replay (their own add path sends them)', () => {
    const registry = createSubscriptionRegistry<string, string>();
    registry.add('a', 'a');
    const sent: string[] = [];
    registry.replay((value) => {
      sent.push(value);
      registry.add('late', 'late');
    });
    expect(sent).toStrictEqual(['a']);
    expect(registry.has('late')).toBe(true);
  });

  it('propagates an error of send and stops the replay', () => {
    const registry = createSubscriptionRegistry<string, string>();
    registry.add('a', 'a');
    registry.add('b', 'b');
    const sent: string[] = [];
    expect(() =>
      registry.replay((value) => {
        sent.push(value);
        throw new Error('socket closed');
      })
    ).toThrow('socket closed');
    expect(sent).toStrictEqual(['a']);
  });
});
