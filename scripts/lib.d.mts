// Types of the script helpers that TypeScript code (the benchmarks) imports.
import type { ChildProcess, SpawnOptions, SpawnSyncOptions } from "node:child_process";

export declare const ROOT: string;
export declare const WEB: string;
export declare const SERVER_NODE_FLAGS: string[];
export declare const CHROMIUM: string;
export declare function run(command: string, args: string[], options?: SpawnSyncOptions): void;
export declare function pnpm(args: string[], options?: SpawnSyncOptions): void;
export declare function install(): void;
export declare function buildWeb(): void;
export declare function ensureChromium(): void;
export declare function ensureBoxPackages(): boolean;
export declare function ensureAudioPackages(): boolean;
export declare function serve(command: string, args: string[], options?: SpawnOptions): ChildProcess;
