import { filter } from 'rxjs';
import type { Observable, OperatorFunction } from 'rxjs';
import { HercleProtocolError } from './errors';
import type { HercleEnvelopeFields, HercleErrorData, HercleEvent, HercleMessage, HercleSubject, HercleTarget } from './types';

type Shape = (data: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type FieldType = 'string' | 'number' | 'object';

/**
 * A check that a value is an object whose `fields` have these types; numbers must be finite
 * (`1e400` parses to `Infinity`, which no price or size may be). The field list is fixed once,
 * so a check allocates nothing.
 */
const has = (fields: Record<string, FieldType>): Shape => {
  const names = Object.keys(fields);
  const types = names.map((name) => fields[name]);
  return (value) => {
    if (!isObject(value)) return false;
    for (let i = 0; i < names.length; i++) {
      const field = value[names[i]!];
      if (types[i] === 'number' ? !Number.isFinite(field) : typeof field !== types[i]) return false;
    }
    return true;
  };
};
const listOf = (item: Shape): Shape => (data) => Array.isArray(data) && data.every(item);

/** The minimal shape each typed subject must have (hercle.md §4); anything else is malformed. */
const SHAPES: Record<HercleSubject, Shape> = {
  'execution.pairs': listOf(has({ name: 'string' })),
  'execution.pair.price': has({ id: 'string', price: 'number', size: 'number' }),
  'execution.feeds.priceUpdate': has({ id: 'string', pair: 'string', size: 'number', buyPrice: 'number', sellPrice: 'number' }),
  'execution.order.executed': has({ status: 'number' }),
  'account.requestForQuote.created': has({ requestForQuoteId: 'string' }),
  'account.orders.snapshot': listOf(isObject),
  'account.trades.snapshot': listOf(isObject),
  'account.transactions.snapshot': listOf(isObject),
  'account.balances.snapshot': has({ sequence: 'number', assets: 'object' }),
};

/** True for `preChecksError` and every subject ending in `.error` (hercle.md §5). */
export function isErrorSubject(subject: string): boolean {
  return subject === 'preChecksError' || subject.endsWith('.error');
}

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Deepest nesting of arrays and objects accepted in `data` (hercle.md §4: the deepest
 * documented reply, a balance snapshot, nests 3 levels). Deeper data is malformed, so that no
 * consumer ever receives a value whose recursive walk (`JSON.stringify`, a logger) could
 * overflow the stack.
 */
export const HERCLE_MAX_DEPTH = 64;

/** True when `value` nests arrays/objects deeper than `max` levels; iterative, so any depth is safe to check. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    if (depth > max) return true;
    for (const key in node) {
      const child = node[key];
      if (typeof child === 'object' && child !== null) {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * Decodes the single argument of an `executionEvents` / `subscriptions` call (hercle.md §2):
 * parses `data` when it is a string (accepts an object as is), routes on `subject`, and
 * returns a `kind: 'malformed'` event with a {@link HercleProtocolError} when the envelope or
 * its `data` is bad: not an object, no subject, `data` not JSON, of the wrong shape, or nested
 * deeper than {@link HERCLE_MAX_DEPTH}. Never throws, whatever the input (no recursion on it).
 */
export function decodeEnvelope(target: HercleTarget, payload: unknown): HercleEvent {
  try {
    return decode(target, payload);
  } catch (error) {
    // Unreachable by design; kept so that no input can make an envelope vanish without an event.
    return { kind: 'malformed', target, error: new HercleProtocolError(`Envelope on ${target} could not be decoded: ${describeError(error)}`) };
  }
}

function decode(target: HercleTarget, payload: unknown): HercleEvent {
  if (!isObject(payload) || typeof payload.subject !== 'string' || payload.subject === '') {
    const error = new HercleProtocolError(`Envelope on ${target} is not an object with a string subject`);
    return { kind: 'malformed', target, error, raw: safeStringify(payload) };
  }
  const subject = payload.subject;
  // The event is completed in place (Object.assign): a spread copy costs about ten times the JSON.parse.
  const fields: HercleEnvelopeFields = { target };
  const channel = optionalString(payload.channel);
  const topic = optionalString(payload.topic);
  const type = optionalString(payload.type);
  const clientId = optionalString(payload.clientId);
  const raw = optionalString(payload.data);
  if (channel !== undefined) fields.channel = channel;
  if (topic !== undefined) fields.topic = topic;
  if (type !== undefined) fields.type = type;
  if (clientId !== undefined) fields.clientId = clientId;
  if (raw !== undefined) fields.raw = raw;

  let data: unknown = payload.data;
  if (raw !== undefined) {
    try {
      data = JSON.parse(raw);
    } catch (error) {
      const message = `Envelope ${subject} has data that is not valid JSON: ${(error as Error).message}`;
      return Object.assign(fields, { kind: 'malformed' as const, subject, error: new HercleProtocolError(message, subject) });
    }
  }
  // Depth d needs at least 2d characters of JSON, so short data (every price update) skips the walk.
  if ((raw === undefined || raw.length > 2 * HERCLE_MAX_DEPTH) && nestedDeeperThan(data, HERCLE_MAX_DEPTH)) {
    const message = `Envelope ${subject} has data nested deeper than ${HERCLE_MAX_DEPTH} levels`;
    return Object.assign(fields, { kind: 'malformed' as const, subject, error: new HercleProtocolError(message, subject) });
  }
  if (isErrorSubject(subject)) {
    const errorData: HercleErrorData = isObject(data) ? data : { message: typeof data === 'string' ? data : safeStringify(data) };
    const reason = optionalString(errorData.statusError) || optionalString(errorData.message) || raw || subject;
    return Object.assign(fields, { kind: 'error' as const, subject, data: errorData, reason });
  }
  const shape = SHAPES[subject as HercleSubject] as Shape | undefined;
  if (!shape) return Object.assign(fields, { kind: 'other' as const, subject, data });
  if (!shape(data)) {
    return Object.assign(fields, { kind: 'malformed' as const, subject, error: new HercleProtocolError(`Envelope ${subject} has data of an unexpected shape`, subject) });
  }
  return Object.assign(fields, { kind: 'message' as const, subject, data }) as HercleEvent;
}

/**
 * Keeps the well-formed messages of one typed subject, narrowed:
 * `client.events$.pipe(ofSubject('account.balances.snapshot'))` → `Observable<HercleMessage<'account.balances.snapshot'>>`.
 */
export function ofSubject<S extends HercleSubject>(subject: S): OperatorFunction<HercleEvent, HercleMessage<S>> {
  return (source) => source.pipe(filter((event) => event.kind === 'message' && event.subject === subject)) as Observable<HercleMessage<S>>;
}

/** JSON text of an untrusted value, or a placeholder when it cannot be serialized (too deep, cyclic, BigInt). Never throws. */
function safeStringify(value: unknown): string {
  try {
    return String(JSON.stringify(value));
  } catch {
    return `[unserializable ${Array.isArray(value) ? 'array' : typeof value}]`;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : typeof error;
}
