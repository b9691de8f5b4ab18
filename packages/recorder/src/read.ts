import { readFileSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { parseHeader, parseRecord, RecordingError } from './format';
import type { FrameRecord, RecordingHeader } from './format';

/** One file of a recording, read. */
export interface RecordingFile {
  readonly file: string;
  readonly header: RecordingHeader;
  readonly records: readonly FrameRecord[];
  /** The line number (1-based) of each record. */
  readonly lines: readonly number[];
}

/** The decompressed text of `file`, and whether the gzip stream was cut short. */
function inflate(file: string, onError: (error: RecordingError) => void): { text: string; truncated: boolean } | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    onError(new RecordingError('UNREADABLE', file, 0, (error as Error).message));
    return undefined;
  }
  try {
    return { text: gunzipSync(bytes).toString('utf8'), truncated: false };
  } catch (error) {
    try {
      // A cut-off stream: keep what it holds (flushed to the last complete block).
      return { text: gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8'), truncated: true };
    } catch {
      onError(new RecordingError('UNREADABLE', file, 0, `not gzip: ${(error as Error).message}`));
      return undefined;
    }
  }
}

/**
 * Reads one file of a recording (gzip NDJSON: {@link RecordingHeader} and the record types). Every problem goes to
 * `onError` as a {@link RecordingError} naming the file and line, and the rest is kept: a
 * bad line is skipped; a truncated gzip stream keeps its complete lines (`TRUNCATED` names
 * the first line lost). Returns `undefined` when nothing of the file can be used
 * (`UNREADABLE`, `NO_HEADER`, `UNSUPPORTED_VERSION`).
 */
export function readRecording(file: string, onError: (error: RecordingError) => void): RecordingFile | undefined {
  const inflated = inflate(file, onError);
  if (!inflated) return undefined;
  const lines = inflated.text.split('\n');
  // The text after the last newline: empty for a complete file, a cut-off line for a truncated one.
  const tail = lines.pop() ?? '';
  if (inflated.truncated || tail !== '') onError(new RecordingError('TRUNCATED', file, lines.length + 1, 'the file ends in the middle of the gzip stream or of a line; the lines before are replayed'));
  let header: RecordingHeader;
  try {
    header = parseHeader(lines[0] ?? '', file, 1);
  } catch (error) {
    onError(error as RecordingError);
    return undefined;
  }
  const records: FrameRecord[] = [];
  const numbers: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    try {
      records.push(parseRecord(line, file, i + 1));
      numbers.push(i + 1);
    } catch (error) {
      onError(error as RecordingError);
    }
  }
  return { file, header, records, lines: numbers };
}
