// The IPC messages between the collab benchmark and its client processes (client-worker.ts).
import type { ClientKind } from "./servers.js";

export type Pattern = "own" | "spot";

export interface WriterInfo {
  clientID: number;
  /** The writer's clock before its first measured edit: edit k has clock baseClock + k. */
  baseClock: number;
}

export type ToWorker =
  | { type: "connect"; kind: ClientKind; url: string; room: string; writers: number; observers: number; firstWriter: number }
  | { type: "prepare"; pattern: Pattern; totalWriters: number }
  | {
      type: "go";
      pattern: Pattern;
      perWriter: number;
      /** 0: as fast as the client can; otherwise one edit every intervalMs per writer. */
      intervalMs: number;
      /** Characters every client holds once it has every writer's edits. */
      expected: number;
      /** Writers whose edits are timed (latency runs), or null. */
      track: WriterInfo[] | null;
    }
  | { type: "load"; kind: ClientKind; url: string; room: string }
  | { type: "close" };

export type FromWorker =
  | { type: "connected"; syncedMs: number; length: number }
  | { type: "prepared"; writers: WriterInfo[] }
  | { type: "done"; at: number; sends: Record<number, number[]>; arrivals: number[][] }
  | { type: "loaded"; syncedMs: number; length: number }
  | { type: "closed" };
