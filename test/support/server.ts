import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { onTestFinished } from "vitest";
import { databaseEnv, freshDatabase } from "./test-database.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface TestServer {
  url: string;
  port: number;
  /** Its database: a SQLite file path, or a postgres:// URL (test/support/test-database.ts). */
  dbPath: string;
  /** Everything the process printed (JSON log lines), for assertions and debugging. */
  logs: string[];
  child: ChildProcess;
  /** Graceful stop (SIGTERM); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Hard crash (SIGKILL), as a power cut or OOM kill would do. */
  kill(): Promise<void>;
}

export interface StartOptions {
  dbPath?: string;
  env?: Record<string, string>;
  /** Reuse a port (restart on the same origin); default: a free one. */
  port?: number;
}

/**
 * A server for this test attempt only, stopped when the attempt ends: a retried test starts again
 * on an empty database (the first account becomes administrator, so a retry on the same
 * database could never pass). Call inside a test.
 */
export async function startServerForAttempt(options: StartOptions = {}): Promise<TestServer> {
  const server = await startServer(options);
  onTestFinished(async () => {
    await server.stop();
  });
  return server;
}

/** A fresh database for one server: a SQLite file, or a PostgreSQL database under TEST_DATABASE=postgres. */
export function freshDbPath(): string {
  return freshDatabase();
}

/** Starts the real server process (`server/index.ts` over the built Remix app) and waits until it listens. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dbPath = options.dbPath ?? freshDbPath();
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(options.port ?? 0),
      ...databaseEnv(dbPath),
      OPEN_SIGNUP: "false",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join("\n")}`)), 30_000);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === "listening" && entry.port) {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch {
          /* not JSON */
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => logs.push(...chunk.toString().split("\n").filter(Boolean)));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join("\n")}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dbPath,
    logs,
    child,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
