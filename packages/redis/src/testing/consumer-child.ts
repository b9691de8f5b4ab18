// A consumer child process of the end-to-end test (bundled by `bundleScript`): redisVenueEvents
// with the options in argv[2], reporting what it receives to the test over IPC.
import { runConsumerChild } from '@org/engine-servers';
import { encodeVenueEvent } from '@org/venues';
import { redisVenueEvents, streamKeyOf } from '../index';
import type { RedisVenueEventsOptions } from '../index';

const options = JSON.parse(process.argv[2] ?? '{}') as RedisVenueEventsOptions;
runConsumerChild((onEvent) => redisVenueEvents(options).subscribe((event) => onEvent(streamKeyOf(event), encodeVenueEvent(event))));
