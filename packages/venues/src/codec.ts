import { VENUE_NAMES } from './types';
import type { VenueEvent, VenueEventKind } from './types';

/**
 * The one JSON wire format of `VenueEvent` (version 1), used by the CLI's `--json`, the
 * engine packages (`@org/nats`, `@org/redis`) and any file of events.
 *
 * A line is the event's own JSON object with `"v": 1` first:
 * `{"v":1,"venue":"finery","kind":"book","symbol":"BTC-USD",…,"bids":[[59999,0.0314]],…}`.
 * - Errors (`ErrorEvent.error`, `StatusEvent.state.error`) are written as
 *   `{ name, message, code?, fatal }` and decoded as a {@link WireError}.
 * - Connection states are plain objects (`status`, `attempt`, `since`, `delayMs?`, `detail?`).
 * - `raw` (the venue-native message) is kept when present; it must be JSON-representable.
 * - Numbers are JSON numbers: prices, sizes and times are finite (`NaN`/`Infinity` are not
 *   valid `VenueEvent` values, and `-0` reads back as `0`).
 */
export const VENUE_CODEC_VERSION = 1;

/** Why {@link decodeVenueEvent} refused a line. */
export type VenueCodecErrorCode = 'INVALID_JSON' | 'UNSUPPORTED_VERSION' | 'INVALID_EVENT' | 'TOO_LARGE';

/**
 * A line that is not a version-1 `VenueEvent`: `code` says which check failed, `reason` the
 * detail (`bids[3] is not a [price, size] level`, `v is 2`, …), `sample` the start of the line
 * (at most 200 characters). Never fatal: the reader drops that line and goes on.
 */
export class VenueCodecError extends Error {
  override readonly name = 'VenueCodecError';
  readonly fatal = false;
  constructor(
    readonly code: VenueCodecErrorCode,
    readonly reason: string,
    readonly sample: string,
  ) {
    super(`venue event codec: ${reason}`);
  }
}

/** An error as it is written on the wire. */
interface WireFields {
  readonly name: string;
  readonly message: string;
  readonly code?: string | number;
  readonly fatal: boolean;
}

/**
 * An error decoded from the wire: the original error's `name` (e.g. `FineryApiError`),
 * `message`, `code` when it had one, and `fatal`. Only these travel; stacks and extra fields
 * stay in the publishing process.
 */
export class WireError extends Error {
  override name: string;
  readonly code?: string | number;
  readonly fatal: boolean;
  constructor(wire: WireFields) {
    super(wire.message);
    this.name = wire.name;
    if (wire.code !== undefined) this.code = wire.code;
    this.fatal = wire.fatal;
  }
}

/** Lines longer than this many characters are refused (`TOO_LARGE`) unless `maxLength` says otherwise. */
export const DEFAULT_MAX_LINE_LENGTH = 1_048_576;

/** Options of {@link decodeVenueEvent}. */
export interface DecodeOptions {
  /** Longest accepted line in characters; default {@link DEFAULT_MAX_LINE_LENGTH} (1 MiB). */
  readonly maxLength?: number;
}

/**
 * Encodes one event as one line of JSON (no newline) in wire version 1: see
 * {@link VENUE_CODEC_VERSION}. Total on every `VenueEvent`.
 */
export function encodeVenueEvent(event: VenueEvent): string {
  // Only `error` and `status` events hold an `Error` (and `raw` may hold anything): the others
  // skip the replacer, which takes `JSON.stringify` off its fast path (about twice the time).
  const json = event.kind === 'error' || event.kind === 'status' || event.raw !== undefined ? JSON.stringify(event, replaceErrors) : JSON.stringify(event);
  return `{"v":1,${json.slice(1)}`;
}

function replaceErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { code, fatal } = value as { code?: unknown; fatal?: unknown };
  const wire: Record<string, unknown> = { name: value.name, message: value.message };
  if (typeof code === 'string' || typeof code === 'number') wire.code = code;
  wire.fatal = fatal === true;
  return wire;
}

/**
 * Decodes one line written by {@link encodeVenueEvent} (a string or UTF-8 bytes, a trailing
 * newline allowed). The result deep-equals the encoded event, errors as {@link WireError}.
 *
 * @throws VenueCodecError `INVALID_JSON` (garbage, truncated JSON), `UNSUPPORTED_VERSION`
 *   (no `v` or a `v` other than 1), `INVALID_EVENT` (a known version of the wrong shape: an
 *   unknown venue or kind, a missing or mistyped field), `TOO_LARGE` (over `maxLength`).
 *   Nothing else is thrown, whatever the input.
 */
export function decodeVenueEvent(line: string | Uint8Array, options?: DecodeOptions): VenueEvent {
  // No closure and no default options object per call: this runs once per consumed message.
  const text = typeof line === 'string' ? line : Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8');
  if (text.length > (options?.maxLength ?? DEFAULT_MAX_LINE_LENGTH)) {
    throw new VenueCodecError('TOO_LARGE', `line of ${text.length} characters is over the limit`, sampleOf(text));
  }
  const event = withoutVersion(text) ?? parseVersioned(text);
  const problem = checkEvent(event);
  if (problem) throw new VenueCodecError('INVALID_EVENT', problem, sampleOf(text));
  return reviveErrors(event) as unknown as VenueEvent;
}

/** The start of a line, for an error's `sample`. */
const sampleOf = (text: string): string => text.slice(0, 200);

/** How {@link encodeVenueEvent} starts every line, a member name after it. */
const V1_PREFIX = '{"v":1,"';

/**
 * The fast path of a line as {@link encodeVenueEvent} writes it: the members after `"v":1,`
 * parsed as the object, so that no copy is needed to drop `v` (about a fifth of a decode).
 * `undefined` for any other line, or when that parse fails or finds another `v` further on:
 * {@link parseVersioned} then decides, with its own error for the whole line.
 */
function withoutVersion(text: string): Fields | undefined {
  if (!text.startsWith(V1_PREFIX)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(`{${text.slice(V1_PREFIX.length - 1)}`);
  } catch {
    return undefined;
  }
  return isRecord(parsed) && parsed.v === undefined ? parsed : undefined;
}

/** The line parsed whole: a version-1 object, without its `v`. */
function parseVersioned(text: string): Fields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new VenueCodecError('INVALID_JSON', `not JSON (${(error as Error).message})`, sampleOf(text));
  }
  if (!isRecord(parsed)) throw new VenueCodecError('INVALID_EVENT', 'not a JSON object', sampleOf(text));
  if (parsed.v !== VENUE_CODEC_VERSION) {
    throw new VenueCodecError('UNSUPPORTED_VERSION', `v is ${JSON.stringify(parsed.v) ?? 'missing'}, this reader knows 1`, sampleOf(text));
  }
  const { v: _version, ...event } = parsed;
  return event;
}

type Fields = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber: Check = (value) => typeof value === 'number';
const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isLevel: Check = (value) => Array.isArray(value) && value.length === 2 && isNumber(value[0]) && isNumber(value[1]);
const isLevels: Check = (value) => Array.isArray(value) && value.every(isLevel);
const oneOf =
  (...values: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && values.includes(value);
const isFields: Check = (value) => isRecord(value) && Object.values(value).every((v) => isNumber(v) || isString(v));
const isWireError: Check = (value) =>
  isRecord(value) &&
  isString(value.name) &&
  isString(value.message) &&
  isBoolean(value.fatal) &&
  (value.code === undefined || isNumber(value.code) || isString(value.code));
const isState: Check = (value) =>
  isRecord(value) &&
  oneOf('idle', 'connecting', 'connected', 'reconnecting', 'closed')(value.status) &&
  isNumber(value.attempt) &&
  isNumber(value.since) &&
  (value.error === undefined || isWireError(value.error)) &&
  (value.delayMs === undefined || isNumber(value.delayMs)) &&
  (value.detail === undefined || isRecord(value.detail));

/** Required (`true`) and optional (`false`) fields of every kind, with their check. */
const BASE: Readonly<Record<string, readonly [Check, boolean]>> = {
  venue: [oneOf(...VENUE_NAMES), true],
  receivedAt: [isNumber, true],
  symbol: [isString, false],
  venueSymbol: [isString, false],
  exchangeTime: [isNumber, false],
};
const KINDS: Readonly<Record<VenueEventKind, Readonly<Record<string, readonly [Check, boolean]>>>> = {
  book: { bids: [isLevels, true], asks: [isLevels, true], snapshot: [isBoolean, true], seq: [isNumber, true], venueSequence: [isNumber, false], depth: [isNumber, true] },
  trade: { price: [isNumber, true], size: [isNumber, true], side: [oneOf('buy', 'sell'), false], tradeId: [isString, false] },
  order: {
    action: [oneOf('created', 'updated', 'canceled', 'completed'), true],
    orderId: [isString, true],
    side: [oneOf('bid', 'ask'), false],
    price: [isNumber, false],
    size: [isNumber, false],
  },
  quote: { bid: [isNumber, false], ask: [isNumber, false], size: [isNumber, false], quoteId: [isString, false] },
  balance: { asset: [isString, true], available: [isNumber, true], allocated: [isNumber, false], sequence: [isNumber, false] },
  sentiment: { metric: [isString, true], value: [isNumber, true], fields: [isFields, true] },
  status: { state: [isState, true] },
  error: { error: [isWireError, true], fatal: [isBoolean, true] },
};

/** Per kind, every field to check (the base fields, then the kind's) as `[name, check, required]`, built once: checking an event allocates nothing. */
const CHECKS = new Map<string, readonly (readonly [string, Check, boolean])[]>(
  Object.entries(KINDS).map(([kind, fields]) => [kind, [...Object.entries(BASE), ...Object.entries(fields)].map(([name, [check, required]]) => [name, check, required] as const)]),
);

/** The first problem of a parsed version-1 object, or `undefined` when it is a valid event. */
function checkEvent(parsed: Fields): string | undefined {
  const kind = parsed.kind;
  const checks = typeof kind === 'string' ? CHECKS.get(kind) : undefined;
  if (!checks) return `unknown kind ${JSON.stringify(kind) ?? 'missing'}`;
  for (let i = 0; i < checks.length; i++) {
    const [name, check, required] = checks[i] as readonly [string, Check, boolean];
    const value = parsed[name];
    if (value === undefined ? required : !check(value)) return `${kind} event: ${name} is ${value === undefined ? 'missing' : 'invalid'}`;
  }
  return undefined;
}

function reviveErrors(event: Fields): Fields {
  if (event.kind === 'error') event.error = new WireError(event.error as WireFields);
  if (event.kind === 'status') {
    const state = event.state as Fields;
    if (state.error !== undefined) event.state = { ...state, error: new WireError(state.error as WireFields) };
  }
  return event;
}
