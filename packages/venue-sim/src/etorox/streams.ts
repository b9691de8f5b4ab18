import { Observable } from 'rxjs';
import type { Subject } from 'rxjs';
import { HubException } from '../signalr';
import type { HubConnectionContext, SerializedItem } from '../signalr';
import type { EtoroxWireItem } from './market';

/** Event names of `subscribe` (etorox.md §6: `marketData`, named `orderbook` before 2020-04-07). */
const EVENTS = new Set(['marketData', 'orderbook']);

/** One open `subscribe` stream, as `subscriptions()` reports it. */
export interface EtoroxSimSubscription {
  connectionId: string;
  /** The `correlationId` query of the connection (etorox.md §1). */
  correlationId: string | null;
  channel: string;
  event: string;
  fields?: readonly string[];
}

/** What a channel's feed carries: a market item (serialized once for every stream without fields), or a raw item from `sendItem`. */
export type FeedValue = { item: EtoroxWireItem; json: SerializedItem } | { raw: SerializedItem };

/** What the simulator keeps per connection: `setup` done, its open topics, its lifecycle timers. */
export interface ConnectionState {
  identified: boolean;
  topics: Map<string, EtoroxSimSubscription>;
  timers: unknown[];
}

interface SubscribeRequest {
  channels: string[];
  event: string;
  fields?: string[];
}

/** The simulator's state of a connection (set when it connected). */
export const stateOf = (connection: HubConnectionContext): ConnectionState => connection.state.get('etorox') as ConnectionState;

function parseSubscribe(request: unknown): SubscribeRequest | string {
  if (typeof request !== 'object' || request === null) return 'Invalid subscribe request';
  const { channels, event, fields } = request as Record<string, unknown>;
  if (!Array.isArray(channels) || channels.length === 0 || !channels.every((c) => typeof c === 'string')) {
    return 'channels must be a non-empty array of strings';
  }
  if (typeof event !== 'string') return 'event must be a string';
  if (fields === undefined || fields === null) return { channels, event };
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) return 'fields must be an array of strings';
  const sorted = [...fields].sort();
  if (sorted.some((field, index) => field !== fields[index])) return 'Fields must be sorted alphanumerically';
  return { channels, event, fields };
}

/**
 * The `subscribe` hub method (etorox.md §5.2) over the channels' feeds: a server stream
 * of one topic per channel + event; with sorted `fields` every item is a bare array
 * (absent fields `null`). Checked when the stream starts, so two subscribes of one topic
 * can never both pass; a failure ends the stream with a `HubException` Completion.
 */
export function createSubscribeMethod(
  feeds: ReadonlyMap<string, Subject<FeedValue>>,
): (connection: HubConnectionContext, argument: unknown) => Observable<unknown> {
  /** Why `subscribe` fails on this connection now (etorox.md §5.2), or the topics it adds. */
  const checkSubscribe = (state: ConnectionState, argument: unknown): string | { request: SubscribeRequest; topics: string[] } => {
    if (!state.identified) return 'Setup required';
    const request = parseSubscribe(argument);
    if (typeof request === 'string') return request;
    const topics = request.channels.map((channel) => `${channel}/${request.event}`);
    for (const [index, topic] of topics.entries()) {
      if (!EVENTS.has(request.event) || !feeds.has(request.channels[index] ?? '')) return `Unknown or inactive topic '${topic}'`;
      if (state.topics.has(topic) || topics.indexOf(topic) !== index) return `Topic '${topic}' is already subscribed`;
    }
    return { request, topics };
  };

  return (connection: HubConnectionContext, argument: unknown): Observable<unknown> =>
    new Observable<unknown>((subscriber) => {
      const state = stateOf(connection);
      const checked = checkSubscribe(state, argument);
      if (typeof checked === 'string') {
        subscriber.error(new HubException(checked));
        return undefined;
      }
      const { request, topics } = checked;
      const correlationId = connection.query.get('correlationId');
      for (const [index, topic] of topics.entries()) {
        state.topics.set(topic, {
          connectionId: connection.id,
          correlationId,
          channel: request.channels[index] ?? '',
          event: request.event,
          ...(request.fields ? { fields: request.fields } : {}),
        });
      }
      const { fields } = request;
      const encode = (value: FeedValue): unknown => {
        if ('raw' in value) return value.raw;
        return fields ? fields.map((field) => value.item[field] ?? null) : value.json;
      };
      const subscriptions = request.channels.map((channel) => feeds.get(channel)?.subscribe((item) => subscriber.next(encode(item))));
      return () => {
        for (const subscription of subscriptions) subscription?.unsubscribe();
        for (const topic of topics) state.topics.delete(topic);
      };
    });
}
