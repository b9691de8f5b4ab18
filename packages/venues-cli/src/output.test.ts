import type { CliIo } from './io';
import { lineWriter } from './output';

/** A stdout that takes `room` lines, then reports backpressure until `read()` empties it. */
function slowStdout(room: number) {
  const written: string[] = [];
  const info: string[] = [];
  let pending = 0;
  let drain: (() => void) | undefined;
  const io: CliIo = {
    out: (line) => {
      written.push(line);
      return ++pending < room;
    },
    drain: (listener) => (drain = listener),
    info: (line) => info.push(line),
    env: {},
    stopped: new Promise(() => undefined),
  };
  const read = () => {
    pending = 0;
    const listener = drain;
    drain = undefined;
    listener?.();
  };
  return { io, written, info, read };
}

test('lines wait in order while stdout is blocked, and go out when it drains', async () => {
  const stdout = slowStdout(2);
  const writer = lineWriter(stdout.io, 10);
  for (const line of ['a', 'b', 'c', 'd']) writer.write(line);
  expect(stdout.written).toEqual(['a', 'b']);
  const idle = writer.idle();
  stdout.read();
  expect(stdout.written).toEqual(['a', 'b', 'c', 'd']);
  stdout.read();
  await idle;
  expect(writer.dropped).toBe(0);
  expect(stdout.info).toEqual([]);
});

test('beyond the bound lines are dropped and counted, with a warning once and a count when stdout catches up', () => {
  const stdout = slowStdout(1);
  const writer = lineWriter(stdout.io, 3);
  for (let i = 0; i < 1000; i++) writer.write(`line ${i}`);
  expect(stdout.written).toEqual(['line 0']);
  expect(writer.dropped).toBe(996);
  expect(stdout.info).toEqual(['venues tail: stdout is not keeping up; 3 lines held, dropping events until it catches up.']);
  for (let i = 0; i < 4; i++) stdout.read(); // the last write returned false too: caught up at its drain
  expect(stdout.written).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
  expect(stdout.info[1]).toBe('venues tail: 996 event lines dropped while stdout was blocked (stdout was not read; --buffer 3).');
  writer.write('again');
  writer.end();
  expect(stdout.written.at(-1)).toBe('again');
  expect(stdout.info).toHaveLength(2);
});

test('at the end of a run still blocked, the lines dropped are counted', () => {
  const stdout = slowStdout(1);
  const writer = lineWriter(stdout.io, 0);
  writer.write('a');
  writer.write('b');
  writer.end();
  expect(stdout.info.at(-1)).toBe('venues tail: 1 event line dropped in all (stdout was not read; --buffer 0).');
});
