import { parseDuration } from './duration';

test.each([
  ['500ms', 500],
  ['30s', 30_000],
  ['30', 30_000],
  ['2m', 120_000],
  ['1.5h', 5_400_000],
])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

test('rejects what is not a duration', () => {
  expect(() => parseDuration('soon')).toThrow('not a duration: "soon"');
});
