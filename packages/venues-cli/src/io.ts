/** Where the CLI writes and what ends it: the process's streams and signals, or a test's. */
export interface CliIo {
  /**
   * Writes one line of the event stream (stdout, `line` without its newline). Returns
   * `false` when the line was buffered because the reader is slower than the stream (the
   * `Writable.write()` contract); `drain` then tells when it has caught up.
   */
  out(line: string): boolean;
  /** Registers a one-shot listener for the moment `out` may write again after returning `false`. */
  drain?(listener: () => void): void;
  /** One line for people about the run itself (stderr). */
  info(line: string): void;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (SIGINT, SIGTERM, a closed stdout). */
  readonly stopped: Promise<void>;
}

/** Exit codes of the CLI: 0 stopped, 1 every venue failed (or an unexpected error), 2 bad usage or missing credentials. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
