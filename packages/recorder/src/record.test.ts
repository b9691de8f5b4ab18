import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { etoroxDemoCredentials, fineryDemoCredentials, startEtoroxSimulator, startFinerySimulator } from '@org/venue-sim';
import type { EtoroxSimulator, FinerySimulator } from '@org/venue-sim';
import { filter, firstValueFrom, timeout } from 'rxjs';
import type { InRecord, OpenRecord } from './format';
import { readRecording } from './read';
import { RecorderConfigError, recordVenues } from './record';
import type { RecordingError } from './format';

let finery: FinerySimulator;
let etorox: EtoroxSimulator;
const dir = mkdtempSync(join(tmpdir(), 'recorder-'));

beforeAll(async () => {
  [finery, etorox] = await Promise.all([startFinerySimulator({ updatesPerSecond: 50 }), startEtoroxSimulator({ marketIntervalMs: 20 })]);
});
afterAll(async () => {
  await Promise.all([finery.close(), etorox.close()]);
});

const venuesOf = () => ({
  finery: { client: { url: finery.url, ...fineryDemoCredentials }, instruments: ['BTC-USD'] },
  etorox: { client: { url: etorox.url, ...etoroxDemoCredentials }, channels: ['btcusd'] },
});

test('records the raw frames of Finery and eToroX with open and close markers, µs times and connection ids, secrets redacted', async () => {
  const out = join(dir, 'run.ndjson.gz');
  const recording = recordVenues({ venues: venuesOf(), out, normalized: true });
  await firstValueFrom(recording.events$.pipe(filter((e) => e.kind === 'book' && e.venue === 'etorox'), timeout(10_000)));
  await firstValueFrom(recording.events$.pipe(filter((e) => e.kind === 'book' && e.venue === 'finery' && e.seq > 3), timeout(10_000)));
  await recording.close();
  expect(recording.files).toEqual([out]);

  const errors: RecordingError[] = [];
  const file = readRecording(out, (e) => errors.push(e));
  expect(errors).toEqual([]);
  expect(file?.header).toMatchObject({ type: 'header', version: 1, part: 0, raw: false, normalized: true, venues: { finery: { instruments: ['BTC-USD'] }, etorox: { channels: ['btcusd'] } } });
  expect(file?.header.packages).toMatchObject({ node: process.versions.node, '@org/venues': expect.any(String) });
  const records = file?.records ?? [];
  const opens = records.filter((r): r is OpenRecord => r.type === 'open');
  expect(opens.map((r) => r.venue).sort()).toEqual(['etorox', 'finery']);
  expect(new Set(opens.map((r) => r.conn)).size).toBe(2);
  const inbound = records.filter((r): r is InRecord => r.type === 'in');
  expect(inbound.find((r) => r.venue === 'finery')?.data).toBe('["X",0,"Z",0]');
  expect(inbound.some((r) => r.venue === 'etorox' && r.data.includes('order_'))).toBe(true);
  expect(records.some((r) => r.type === 'out' && r.venue === 'etorox' && r.data.includes('"setup"'))).toBe(true);
  expect(records.filter((r) => r.type === 'close').map((r) => r.type === 'close' && r.by)).toEqual(['client', 'client']);
  expect(records.some((r) => r.type === 'event')).toBe(true);
  // µs since the epoch, never decreasing in file order.
  const times = records.map((r) => r.t);
  expect(times.every((t, i) => Number.isSafeInteger(t) && t > 1.7e15 && (i === 0 || t >= (times[i - 1] as number)))).toBe(true);

  // No credential anywhere in the file: not the Finery key or secret, not the eToroX API key, signature or private key.
  const text = gunzipSync(readFileSync(out)).toString('utf8');
  const setup = records.find((r) => r.type === 'out' && r.data.includes('"setup"'));
  expect(setup?.type === 'out' && setup.data).toContain('"signature":"[redacted]"');
  for (const secret of [fineryDemoCredentials.key, fineryDemoCredentials.secret, etoroxDemoCredentials.apiKey, etoroxDemoCredentials.passphrase, ...etoroxDemoCredentials.privateKey.split('\n').filter((l) => l.length > 20)]) {
    if (secret) expect(text).not.toContain(secret);
  }
});

test('rotates by size: every part starts with a header', async () => {
  const out = join(dir, 'rotated.ndjson.gz');
  const recording = recordVenues({ venues: { finery: venuesOf().finery }, out, maxBytes: 1 });
  await firstValueFrom(recording.events$.pipe(filter((e) => e.kind === 'book' && e.seq > 40), timeout(10_000)));
  await recording.close();
  expect(recording.files.length).toBeGreaterThan(1);
  expect(recording.files[1]).toBe(join(dir, 'rotated.1.ndjson.gz'));
  const parts = recording.files.map((f) => readRecording(f, (e) => expect(e).toBeUndefined()));
  expect(parts.map((p) => p?.header.part)).toEqual(recording.files.map((_f, i) => i));
});

test('refuses venues whose raw frames are not captured, and nothing to record', () => {
  expect(() => recordVenues({ venues: { hercle: { client: { apiKey: 'k' } } }, out: join(dir, 'x.gz') })).toThrow(RecorderConfigError);
  expect(() => recordVenues({ venues: {}, out: join(dir, 'y.gz') })).toThrow(/nothing to record/);
});
