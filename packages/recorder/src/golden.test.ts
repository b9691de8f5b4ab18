/**
 * Golden tests: small recordings of simulator runs (fixtures/, made with
 * `venues record --out fixtures/finery.ndjson.gz --venue finery --duration 1500ms` and
 * `… --venue etorox --normalized`) replayed and compared against snapshots, so that a
 * codec, book or mapper change that alters the output shows up in review.
 */
import { join } from 'node:path';
import { encodeVenueEvent } from '@org/venues';
import type { VenueEvent } from '@org/venues';
import { lastValueFrom, toArray } from 'rxjs';
import { readRecording } from './read';
import { replayVenues } from './replay';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', `${name}.ndjson.gz`);
const lines = async (files: string[]) => (await lastValueFrom(replayVenues(files).pipe(toArray()))).map(encodeVenueEvent);

test.each(['finery', 'etorox'])('the %s fixture replays to its snapshot', async (name) => {
  expect(await lines([fixture(name)])).toMatchSnapshot();
});

test("two recordings merge by receive time, each venue's data as it replays alone", async () => {
  const merged = await lines([fixture('finery'), fixture('etorox')]);
  // Status events before the first frame and after the last one carry the merged replay's clock.
  const open = (line: string) => !line.includes('"kind":"status"');
  for (const venue of ['finery', 'etorox']) {
    const alone = await lines([fixture(venue)]);
    expect(merged.filter((line) => line.includes(`"venue":"${venue}"`) && open(line))).toEqual(alone.filter(open));
  }
});

test('the normalized events recorded live are the replayed ones (the same codec), status aside', async () => {
  const file = readRecording(fixture('etorox'), (error) => expect(error).toBeUndefined());
  const isData = (event: { kind?: unknown }) => event.kind !== 'status';
  const recorded = (file?.records ?? []).flatMap((record) => (record.type === 'event' && isData(record.event) ? [JSON.stringify(record.event)] : []));
  const replayed = (await lastValueFrom(replayVenues(fixture('etorox')).pipe(toArray()))).filter((event: VenueEvent) => isData(event)).map(encodeVenueEvent);
  expect(recorded.length).toBeGreaterThan(5);
  expect(replayed).toEqual(recorded);
});
