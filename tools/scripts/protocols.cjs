// The venues' wire protocol references (finery.md, etorox.md, hercle.md, marketprophit.md,
// signalr.md, socketio.md), shipped with the packages that cite them: every package whose
// src/ (tests aside) or README.md cites `<name>.md` gets a verbatim copy in
// packages/<package>/protocols/<name>.md, published through `files`, so that a citation such
// as `finery.md §7.1` in a docstring or README resolves in node_modules/@org/<package>/protocols/.
//
// The reference copies live outside the repository (../shared/protocols of the repository,
// or PROTOCOLS_DIR). `node tools/scripts/protocols.cjs` copies them in (and removes copies
// nothing cites any more); `--check` only reports what differs and exits 1 if anything does.
// tools/workspace/src/protocols.test.ts runs the check.
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const PROTOCOLS = ['etorox', 'finery', 'hercle', 'marketprophit', 'signalr', 'socketio'];

/** The reference directory: PROTOCOLS_DIR, else ../shared/protocols of the repository (undefined when neither exists). */
function sourceDir() {
  const dir = process.env.PROTOCOLS_DIR ?? path.join(ROOT, '..', 'shared', 'protocols');
  return existsSync(dir) ? dir : undefined;
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [file] : [];
  });
}

/** The protocol files (`finery.md`, …) cited by the package in `packageDir`: in src/ (tests aside) and README.md, sorted. */
function citedProtocols(packageDir) {
  const texts = [path.join(packageDir, 'README.md'), ...sourceFiles(path.join(packageDir, 'src'))].filter((file) => existsSync(file)).map((file) => readFileSync(file, 'utf8'));
  return PROTOCOLS.filter((name) => texts.some((text) => new RegExp(`\\b${name}\\.md\\b`).test(text))).map((name) => `${name}.md`);
}

/** Every package folder under packages/. */
function packageDirs() {
  const base = path.join(ROOT, 'packages');
  return readdirSync(base).map((name) => path.join(base, name)).filter((dir) => statSync(dir).isDirectory() && existsSync(path.join(dir, 'package.json')));
}

/**
 * What is out of sync, as lines (`packages/finery/protocols/finery.md: missing`, …); writes
 * the fixes unless `check`. Without a reference directory, compares the copies of each
 * file with one another only.
 */
function syncProtocols({ check = false, source = sourceDir() } = {}) {
  const problems = [];
  const seen = new Map();
  for (const dir of packageDirs()) {
    const rel = path.relative(ROOT, dir);
    const cited = citedProtocols(dir);
    const target = path.join(dir, 'protocols');
    const present = existsSync(target) ? readdirSync(target).sort() : [];
    for (const name of present.filter((file) => !cited.includes(file))) {
      problems.push(`${rel}/protocols/${name}: not cited by ${rel}`);
      if (!check) rmSync(path.join(target, name));
    }
    for (const name of cited) {
      const file = path.join(target, name);
      const copy = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      const reference = source ? readFileSync(path.join(source, name), 'utf8') : seen.get(name) ?? copy;
      if (copy === undefined) problems.push(`${rel}/protocols/${name}: missing`);
      else if (copy !== reference) problems.push(`${rel}/protocols/${name}: differs from ${source ? path.join(source, name) : 'the other copies'}`);
      if (!seen.has(name) && copy !== undefined) seen.set(name, reference);
      if (!check && source && copy !== reference) {
        mkdirSync(target, { recursive: true });
        writeFileSync(file, reference);
      }
    }
    if (!check && existsSync(target) && readdirSync(target).length === 0) rmSync(target, { recursive: true });
  }
  return problems;
}

module.exports = { citedProtocols, syncProtocols, sourceDir };

if (require.main === module) {
  const check = process.argv.includes('--check');
  const problems = syncProtocols({ check });
  for (const line of problems) console.log(`${check ? '' : 'fixed: '}${line}`);
  if (!sourceDir()) console.log('no reference directory (../shared/protocols or PROTOCOLS_DIR): compared the copies with one another only');
  process.exit(check && problems.length > 0 ? 1 : 0);
}
