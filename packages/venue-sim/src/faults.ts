import type { Clock } from './clock';

/** How `FaultHooks.drop` ends connections. */
export interface DropOptions {
  /**
   * Send the protocol's own close message first where it has one (a SignalR Close
   * message, a socket.io server disconnect, a WebSocket close frame with a reason);
   * `false` destroys the TCP socket without a word. Default `true`.
   */
  graceful?: boolean;
  /** Error text carried by the close message (SignalR `error`). */
  error?: string;
  /** SignalR Close `allowReconnect`. Default `true`. */
  allowReconnect?: boolean;
}

/**
 * Fault injection shared by every simulator, so tests and the chaos suite drive all
 * four venues the same way.
 */
export interface FaultHooks {
  /** Ends every open connection now. */
  drop(options?: DropOptions): void;
  /** Sockets stay open but nothing is sent (data or pings) for `durationMs`, or until `resume()`. */
  stall(durationMs?: number): void;
  /** Ends a stall early. */
  resume(): void;
  /** Sends one frame that is not valid for the protocol to every open connection. */
  malformed(): void;
  /** Refuses new connections (handshake or upgrade fails) for `durationMs`. */
  refuse(durationMs: number): void;
}

/**
 * The timed part of the fault hooks (stall and refuse windows), which every simulator
 * consults before it sends a frame or accepts a connection.
 */
export interface FaultState {
  /** True while a stall is in force: send nothing. */
  readonly stalled: boolean;
  /** True while new connections are refused. */
  readonly refusing: boolean;
  stall(durationMs?: number): void;
  resume(): void;
  refuse(durationMs: number): void;
  /** Cancels pending timers. */
  dispose(): void;
}

/** Creates the stall/refuse windows driven by `clock`. */
export function createFaultState(clock: Clock): FaultState {
  let stallUntil = 0;
  let stallForever = false;
  let refuseUntil = 0;
  return {
    get stalled() {
      return stallForever || clock.now() < stallUntil;
    },
    get refusing() {
      return clock.now() < refuseUntil;
    },
    stall(durationMs) {
      if (durationMs === undefined) stallForever = true;
      else stallUntil = clock.now() + durationMs;
    },
    resume() {
      stallForever = false;
      stallUntil = 0;
    },
    refuse(durationMs) {
      refuseUntil = clock.now() + durationMs;
    },
    dispose() {
      stallForever = false;
      stallUntil = 0;
      refuseUntil = 0;
    },
  };
}

/** What a simulator itself knows how to do to its open connections (see {@link createFaultHooks}). */
export interface FaultTargets {
  /** Ends every open connection, the venue's way (close message or bare socket end). */
  drop(options?: DropOptions): void;
  /** Sends one frame invalid for the venue's protocol to every open connection. */
  malformed(): void;
}

/**
 * The `FaultHooks` of a simulator: `stall`, `resume` and `refuse` set the windows of
 * `state` (which the simulator consults before it sends a frame or accepts a connection);
 * `drop` and `malformed` call the venue's own `venue.drop(options)` / `venue.malformed()`
 * as they are. Raises nothing itself.
 */
export function createFaultHooks(state: FaultState, venue: FaultTargets): FaultHooks {
  return {
    drop: (options) => venue.drop(options),
    stall: (durationMs) => state.stall(durationMs),
    resume: () => state.resume(),
    malformed: () => venue.malformed(),
    refuse: (durationMs) => state.refuse(durationMs),
  };
}
