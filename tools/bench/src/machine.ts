import { cpus, totalmem } from 'node:os';

/** The machine a run was measured on, recorded in `bench/results.json` and the README. */
export interface MachineInfo {
  node: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  platform: string;
}

/** Node version, CPU model, logical cores, memory (GB) and platform of this machine. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 1e8) / 10,
    platform: `${process.platform} ${process.arch}`,
  };
}
