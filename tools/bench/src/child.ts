/**
 * Entry of a benchmark child process (bundled to tools/bench/dist/child.js): runs the
 * workload named in argv[2] (a JSON `ChildSpec`) and reports its result over IPC.
 */
import type { ChildMessage, ChildSpec } from './child-runner';
import type { ParentLink } from './workloads/types';
import { WORKLOADS } from './workloads';

let nextId = 0;
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

const parent: ParentLink = {
  request(body) {
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      process.send?.({ type: 'request', id, body } satisfies ChildMessage);
    });
  },
};

process.on('message', (message: ChildMessage) => {
  if (message.type !== 'reply') return;
  const waiter = pending.get(message.id);
  pending.delete(message.id);
  if (message.error !== undefined) waiter?.reject(new Error(message.error));
  else waiter?.resolve(message.value);
});

const report = (message: ChildMessage): void => {
  // Exit once the message is out: a workload must not keep the process alive after reporting.
  process.send?.(message, () => process.exit(0));
};

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec;
  const workload = WORKLOADS[spec.workload];
  if (!workload) throw new Error(`unknown workload '${spec.workload}'`);
  report({ type: 'result', value: await workload(spec, parent) });
}

main().catch((error: unknown) => report({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
