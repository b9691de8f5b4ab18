import { resolve } from 'node:path';

/** Parsed command line. */
export interface BenchOptions {
  /** `--only NAME` (repeatable, or comma-separated): run just these figures. */
  only: string[];
  /** `--quick`: short runs for a smoke check (well under a minute in all). */
  quick: boolean;
  /** `--out PATH`: where the JSON goes. Default `bench/results.json`. */
  out: string;
  /** `--profile [DIR]`: child processes run under `node --cpu-prof`. Default dir `bench/profiles`. */
  profileDir?: string;
  /** `--list`: print the figure names and exit. */
  list: boolean;
  /** `--readme`: also write the table into bench/README.md (between its results markers). */
  readme: boolean;
}

const USAGE = 'usage: npm run bench -- [--only NAME[,NAME]] [--quick] [--out PATH] [--profile [DIR]] [--readme] [--list]';

/**
 * Parses the harness's command line (`root`: the repository, for default paths); throws with
 * the usage on an unknown option, and with the list of `figures` on an unknown figure name.
 */
export function parseArgs(argv: readonly string[], root: string, figures: readonly string[]): BenchOptions {
  const options: BenchOptions = { only: [], quick: false, out: resolve(root, 'bench/results.json'), list: false, readme: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    if (flag === '--only') options.only.push(...value().split(',').filter(Boolean));
    else if (flag === '--quick') options.quick = true;
    else if (flag === '--list') options.list = true;
    else if (flag === '--readme') options.readme = true;
    else if (flag === '--out') options.out = resolve(value());
    else if (flag === '--profile') {
      const next = inline ?? argv[i + 1];
      options.profileDir = resolve(root, next !== undefined && !next.startsWith('--') ? (inline ?? argv[++i] as string) : 'bench/profiles');
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  const unknown = options.only.filter((name) => !figures.includes(name));
  if (unknown.length > 0) throw new Error(`unknown figure ${unknown.join(', ')}; figures: ${figures.join(', ')}`);
  return options;
}
