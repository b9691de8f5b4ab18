import { fork } from 'node:child_process';
import { join } from 'node:path';

/** What a child process runs: a workload by name with its parameters (JSON). */
export interface ChildSpec {
  /** A key of `WORKLOADS` (workloads/index.ts). */
  workload: string;
  [parameter: string]: unknown;
}

/** How to start a child. */
export interface ChildOptions {
  /** `--expose-gc`, for heap measurements. */
  exposeGc?: boolean;
  /** Run under `--cpu-prof`, writing the profile into this folder. */
  profileDir?: string;
  /** Answers a child's `request(body)` (e.g. "drop the connections now"). */
  onRequest?: (body: unknown) => unknown;
  /** The child is killed and the run fails after this long. Default 60 000 ms. */
  timeoutMs?: number;
}

/** Messages between the harness and a child over the IPC channel. */
export type ChildMessage =
  | { type: 'result'; value: unknown }
  | { type: 'error'; message: string }
  | { type: 'request'; id: number; body: unknown }
  | { type: 'reply'; id: number; value?: unknown; error?: string };

/** The bundled child entry (tools/bench/dist/child.js), beside the bundled harness. */
export const CHILD_ENTRY = join(__dirname, 'child.js');

/**
 * Runs one workload in a fresh Node.js process (its own heap, JIT and event loop, so a
 * throughput figure measures one client alone) and resolves with what it reports.
 */
export function runChild<R>(spec: ChildSpec, options: ChildOptions = {}): Promise<R> {
  const execArgv: string[] = [];
  if (options.exposeGc) execArgv.push('--expose-gc');
  if (options.profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${spec.workload}-${Date.now()}.cpuprofile`);
  const child = fork(CHILD_ENTRY, [JSON.stringify(spec)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, value?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        child.kill();
        reject(error);
      } else resolve(value as R);
    };
    const timer = setTimeout(() => finish(new Error(`workload ${spec.workload} did not finish within ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'result') finish(undefined, message.value);
      else if (message.type === 'error') finish(new Error(`workload ${spec.workload}: ${message.message}`));
      else if (message.type === 'request') {
        Promise.resolve()
          .then(() => options.onRequest?.(message.body))
          .then(
            (value) => child.send({ type: 'reply', id: message.id, value } satisfies ChildMessage),
            (error: unknown) => child.send({ type: 'reply', id: message.id, error: String(error) } satisfies ChildMessage),
          );
      }
    });
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) => {
      if (!settled) finish(new Error(`workload ${spec.workload} exited (${signal ?? code}) without a result`));
    });
  }).finally(() => new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done()))));
}
