// A consumer child process of the end-to-end test (bundled by `bundleScript`): natsVenueEvents
// with the options in argv[2], reporting what it receives to the test over IPC.
import { runConsumerChild } from '@org/engine-servers';
import { encodeVenueEvent } from '@org/venues';
import { natsVenueEvents, subjectOf } from '../index';
import type { NatsVenueEventsOptions } from '../index';

const options = JSON.parse(process.argv[2] ?? '{}') as NatsVenueEventsOptions;
runConsumerChild((onEvent) => natsVenueEvents(options).subscribe((event) => onEvent(subjectOf(event), encodeVenueEvent(event))));
