import { hmacSha384Base64 } from '@org/auth-signing';
import type { NonceMemory } from './auth';
import { parseEfxContent, verifyUpgrade } from './auth';

const KEY = 'key';
const SECRET = 'secret';
const NOW = 1_700_000_000_000;
const OPTIONS = { nonceRule: 'increasing', timestampToleranceMs: 120_000 } as const;

const verify = (content: string) =>
  verifyUpgrade(
    { 'efx-key': KEY, 'efx-sign': hmacSha384Base64(SECRET, content), 'efx-content': content },
    new Map([[KEY, SECRET]]),
    new Map<string, NonceMemory>(),
    NOW,
    OPTIONS,
  );

describe('EFX-Content parsing (finery.md §2)', () => {
  it('reads top-level members as raw text, big integers intact', () => {
    expect(parseEfxContent('{"nonce": 49856723467362345, "timestamp":1, "x":{"timestamp":2,"a":[1,{"b":"}"}]}}')).toEqual(
      new Map([
        ['nonce', '49856723467362345'],
        ['timestamp', '1'],
        ['x', '{"timestamp":2,"a":[1,{"b":"}"}]}'],
      ]),
    );
  });

  it.each([
    ['a repeated key', '{"nonce":1,"timestamp":1,"timestamp":2}'],
    ['a repeated key spelled with an escape', '{"nonce":1,"timestamp":1,"\\u0074imestamp":2}'],
    ['a repeated key in a nested object', '{"nonce":1,"timestamp":1,"x":{"a":1,"a":2}}'],
    ['not JSON', '{"nonce":1,'],
    ['not an object', '[{"nonce":1}]'],
  ])('refuses %s', (_name, content) => {
    expect(parseEfxContent(content)).toBeUndefined();
  });

  it('keeps equal keys of different objects', () => {
    expect(parseEfxContent('{"a":{"k":1},"b":{"k":2},"k":"\\"}"}')?.get('k')).toBe('"\\"}"');
  });
});

describe('verifyUpgrade with duplicate keys (finery.md §2.3, §2.4)', () => {
  it('a fresh first timestamp does not hide a stale last one: error 14', () => {
    expect(verify(`{"nonce":1,"timestamp":${NOW},"timestamp":${NOW - 600_000}}`)).toEqual({ error: 14 });
    expect(verify(`{"nonce":1,"nonce":2,"timestamp":${NOW}}`)).toEqual({ error: 14 });
  });

  it('reads timestamp and nonce at the top level only', () => {
    expect(verify(`{"nonce":1,"x":{"timestamp":${NOW}},"timestamp":${NOW - 600_000}}`)).toEqual({ error: 7 });
    expect(verify(`{"x":{"nonce":1},"timestamp":${NOW}}`)).toEqual({ error: 6 });
    expect(verify(`{"nonce":1,"timestamp":"${NOW}"}`)).toEqual({ error: 7 });
    expect(verify(`{ "timestamp" : ${NOW} , "nonce" : 7 }`)).toEqual({ key: KEY });
  });
});
