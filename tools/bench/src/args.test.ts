import { join } from 'node:path';
import { parseArgs } from './args';

const ROOT = '/repo';
const FIGURES = ['finery-book', 'marketprophit'];

test('reads --only (repeated or comma-separated), --quick, --out and --profile', () => {
  const options = parseArgs(['--only', 'marketprophit', '--only=finery-book', '--quick', '--out=/tmp/x.json', '--profile'], ROOT, FIGURES);
  expect(options).toEqual({ only: ['marketprophit', 'finery-book'], quick: true, out: '/tmp/x.json', list: false, readme: false, profileDir: join(ROOT, 'bench/profiles') });
  expect(parseArgs(['--only', 'finery-book,marketprophit', '--profile', 'p'], ROOT, FIGURES)).toMatchObject({ only: FIGURES, profileDir: join(ROOT, 'p') });
  expect(parseArgs([], ROOT, FIGURES)).toEqual({ only: [], quick: false, out: join(ROOT, 'bench/results.json'), list: false, readme: false });
  expect(parseArgs(['--readme', '--list'], ROOT, FIGURES)).toMatchObject({ readme: true, list: true });
});

test('rejects unknown options and figures, naming the figures', () => {
  expect(() => parseArgs(['--fast'], ROOT, FIGURES)).toThrow(/unknown option --fast[\s\S]*usage/);
  expect(() => parseArgs(['--only', 'nope'], ROOT, FIGURES)).toThrow('unknown figure nope; figures: finery-book, marketprophit');
  expect(() => parseArgs(['--out'], ROOT, FIGURES)).toThrow(/--out needs a value/);
});
