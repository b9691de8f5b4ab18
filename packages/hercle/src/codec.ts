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

/** `execution.pair.price` (hercle.md §4.1), spelled out: the price stream is the hot path, and named loads beat the generic check's keyed ones. */
const isPairPrice: Shape = (v) => isObject(v) && typeof v.id === 'string' && Number.isFinite(v.price) && Number.isFinite(v.size);

/** `execution.feeds.priceUpdate` (hercle.md §4.1), spelled out like {@link isPairPrice}. */
const isPriceUpdate: Shape = (v) =>
  isObject(v) && typeof v.id === 'string' && typeof v.pair === 'string' && Number.isFinite(v.size) && Number.isFinite(v.buyPrice) && Number.isFinite(v.sellPrice);

/** The subject of a price update (hercle.md §4.1); decoded events carry this very string. */
export const PRICE_UPDATE = 'execution.feeds.priceUpdate';

/**
 * The minimal shape each typed subject must have (hercle.md §4); anything else is malformed.
 * A `Map`, so that a subject such as `constructor` never finds an `Object.prototype` member.
 */
const SHAPES = new Map<string, Shape>(Object.entries({
  'execution.pairs': listOf(has({ name: 'string' })),
  'execution.pair.price': isPairPrice,
  'execution.feeds.priceUpdate': isPriceUpdate,
  'execution.order.executed': has({ status: 'number' }),
  'account.requestForQuote.created': has({ requestForQuoteId: 'string' }),
  'account.orders.snapshot': listOf(isObject),
  'account.trades.snapshot': listOf(isObject),
  'account.transactions.snapshot': listOf(isObject),
  'account.balances.snapshot': has({ sequence: 'number', assets: 'object' }),
} satisfies Record<HercleSubject, Shape>));

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

/** Whether JSON text has no `{` or `[` after its first character (brackets inside strings count: then the walk decides). */
const isFlat = (text: string): boolean => text.indexOf('{', 1) < 0 && text.indexOf('[', 1) < 0;

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

/** The envelope fields completed in place into the event (named stores: no literal, no `Object.assign`, on every message). */
type Completed = HercleEnvelopeFields & { kind?: HercleEvent['kind']; subject?: string; data?: unknown; error?: HercleProtocolError; reason?: string };

function malformed(fields: Completed, subject: string, message: string): HercleEvent {
  fields.kind = 'malformed';
  fields.subject = subject;
  fields.error = new HercleProtocolError(message, subject);
  return fields as HercleEvent;
}

function decode(target: HercleTarget, payload: unknown): HercleEvent {
  if (!isObject(payload) || typeof payload.subject !== 'string' || payload.subject === '') {
    const error = new HercleProtocolError(`Envelope on ${target} is not an object with a string subject`);
    return { kind: 'malformed', target, error, raw: safeStringify(payload) };
  }
  const subject = payload.subject;
  // The event is completed in place: a spread copy costs about ten times the JSON.parse.
  const fields: Completed = { target };
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
      return malformed(fields, subject, `Envelope ${subject} has data that is not valid JSON: ${(error as Error).message}`);
    }
  }
  // Depth d needs at least 2d characters of JSON, and data with no bracket after its first
  // (a flat object: every price update) is depth 1, so both skip the walk.
  if ((raw === undefined || (raw.length > 2 * HERCLE_MAX_DEPTH && !isFlat(raw))) && nestedDeeperThan(data, HERCLE_MAX_DEPTH)) {
    return malformed(fields, subject, `Envelope ${subject} has data nested deeper than ${HERCLE_MAX_DEPTH} levels`);
  }
  if (isErrorSubject(subject)) {
    const errorData: HercleErrorData = isObject(data) ? data : { message: typeof data === 'string' ? data : safeStringify(data) };
    fields.kind = 'error';
    fields.subject = subject;
    fields.data = errorData;
    fields.reason = optionalString(errorData.statusError) || optionalString(errorData.message) || raw || subject;
    return fields as HercleEvent;
  }
  // The price stream's subject is compared rather than hashed for the look-up, and the event
  // carries the literal (an internalized string), so that the client's own comparison is by identity.
  const isPrice = subject === PRICE_UPDATE;
  const shape = isPrice ? isPriceUpdate : SHAPES.get(subject);
  if (shape && !shape(data)) return malformed(fields, subject, `Envelope ${subject} has data of an unexpected shape`);
  fields.kind = shape ? 'message' : 'other';
  fields.subject = isPrice ? PRICE_UPDATE : subject;
  fields.data = data;
  return fields as HercleEvent;
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
