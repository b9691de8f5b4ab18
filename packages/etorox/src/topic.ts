import type { ISubscription } from '@microsoft/signalr';
import { Subject } from 'rxjs';
import { etoroxEventKey } from './codec';
import type { HubSession } from './connection';
import type { EtoroxEvent } from './types';

/** One channel + event, shared by every subscriber (etorox.md §5.2). */
export interface Topic {
  readonly key: string;
  readonly channel: string;
  readonly event: string;
  /** The `fields` sent, or `undefined` for whole objects. */
  readonly fields: string[] | undefined;
  readonly subject: Subject<EtoroxEvent>;
  subscribers: number;
  /** The hub stream of this topic on each live connection (two while recycling). */
  readonly streams: Map<HubSession, ISubscription<unknown>>;
  /** Keys delivered while two connections overlap (etorox.md §7.1). */
  dedupe?: { keys: Set<string>; overlapped: boolean; oldRetired: boolean };
  /** Called when the topic is subscribed again after a drop: the events in between are lost. */
  readonly gapListeners: Set<() => void>;
  /** A hub stream was opened before (so a new one after a drop means a gap). */
  streamed: boolean;
  /** Hub completions without an item in between (a hub that keeps ending the stream). */
  emptyEnds: number;
  /** The last `snapshot_id` delivered, as a number (etorox.md §6.3); -1 before the first (and after a reconnect). */
  lastSequence: number;
}

/** An active topic without subscribers or streams yet. */
export function createTopic(channel: string, event: string, fields: string[] | undefined): Topic {
  return {
    key: `${channel}/${event}`,
    channel,
    event,
    fields,
    subject: new Subject(),
    subscribers: 0,
    streams: new Map(),
    gapListeners: new Set(),
    streamed: false,
    emptyEnds: 0,
    lastSequence: -1,
  };
}

/** The fields a topic requests cover what a new subscriber asks for (`undefined`: whole objects). */
export function coversFields(topic: Topic, fields: string[] | undefined): boolean {
  if (!topic.fields) return true;
  return fields !== undefined && fields.every((field) => topic.fields?.includes(field));
}

/**
 * While two connections overlap (etorox.md §7.1): `false` for an event already delivered,
 * which also proves the overlap. Once the old connection is gone, the first event not
 * seen before ends the de-duplication: the new stream has caught up.
 */
export function firstDelivery(topic: Topic, event: EtoroxEvent): boolean {
  const dedupe = topic.dedupe;
  if (!dedupe) return true;
  const key = etoroxEventKey(event);
  if (dedupe.keys.has(key)) {
    dedupe.overlapped = true;
    return false;
  }
  if (dedupe.oldRetired) topic.dedupe = undefined;
  else dedupe.keys.add(key);
  return true;
}
