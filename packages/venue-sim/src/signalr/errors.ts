/**
 * Thrown by a hub method to send its message to the client, like ASP.NET Core's
 * `HubException`: the Completion `error` becomes
 * `An unexpected error occurred invoking 'X' on the server. HubException: <message>`
 * (`An error occurred on the server while streaming results. HubException: <message>` for a
 * stream), which `invoke()` rejects with / `stream()` errors with (signalr.md §6.4).
 * Other errors reach the client only as the generic text unless `detailedErrors` is on.
 */
export class HubException extends Error {
  readonly code = 'SIGNALR_HUB_EXCEPTION';
  readonly fatal = false;
  constructor(message: string) {
    super(message);
    this.name = 'HubException';
  }
}
