import type { ChildProcess, SpawnOptions } from 'node:child_process';

export const collectorDir: string;
export const wranglerBin: string;
export const offlineEnv: Record<string, string>;
export function spawnWrangler(args: string[], options?: SpawnOptions): ChildProcess;
export interface WranglerRun {
  code: number;
  /** stdout and stderr, when they were piped. */
  output: string;
}
export function runWrangler(args: string[], options?: SpawnOptions): Promise<WranglerRun>;
export function applyLocalMigrations(flags?: string[], options?: SpawnOptions): Promise<WranglerRun>;
