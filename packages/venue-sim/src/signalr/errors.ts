/**
 * Thrown by a hub method to send its message to the client, like ASP.NET Core's
 * `HubException`: the Completion `error` becomes
 * `An unexpected error occurred invoking 'X' on the server. HubException: <message>`
 * (`An error occurred on the server while streaming results. HubException: <message>` for a
 * stream), which `invoke()` rejects with / `stream()` errors with (signalr.md §6.4).
 * Other errors reach the client only as the generic text unless `detailedErrors` is on.
 */
export class HubException extends Error {
  readonly code: string = 'SIGNALR_HUB_EXCEPTION';
  readonly fatal = false;
  constructor(message: string) {
    super(message);
    this.name = 'HubException';
  }
}

/**
 * Thrown by a hub method whose arguments do not bind (wrong count or types), like
 * ASP.NET Core's binding failure: the Completion `error` is
 * `Failed to invoke 'X' due to an error on the server.`, plus
 * ` InvalidDataException: <message>` with `detailedErrors` (signalr.md §6.4). The emulator
 * does not count arguments itself: JavaScript functions do not declare their arity reliably.
 */
export class HubArgumentsError extends HubException {
  override readonly code: string = 'SIGNALR_HUB_ARGUMENTS';
  constructor(message: string) {
    super(message);
    this.name = 'HubArgumentsError';
  }
}
