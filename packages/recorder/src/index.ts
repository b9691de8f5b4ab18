/**
 * @org/recorder: record the raw frames of venue connections and replay them through the
 * same clients, books and mappers as live data. Public surface only.
 */
export { parseHeader, parseRecord, RECORDING_CLOCK, RECORDING_FORMAT, RECORDING_VERSION, RecordingError } from './format';
export type { CloseRecord, EventRecord, FrameRecord, InRecord, OpenRecord, OutRecord, RecordedSubscriptions, RecordingErrorCode, RecordingHeader } from './format';
export { RECORDABLE_VENUES, RecorderConfigError, recordVenues } from './record';
export type { RecordOptions, Recording } from './record';
export { REDACTED, redactFrame, redactUrl } from './redact';
export { DEFAULT_MAX_PART_BYTES, partPath } from './writer';
export { readRecording } from './read';
export type { RecordingFile } from './read';
export { replayVenues } from './replay';
export type { ReplayOptions, ReplaySpeed } from './replay';
