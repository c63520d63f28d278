// A private redis-server for a test file, from Debian's binary (never a downloaded server): started
// on 127.0.0.1 on a free port, in a temp dir, with no persistence. Nothing is shared with any other
// Redis on the machine (a Debian-started service on 6379 is never touched).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { freePort } from "./ports.js";

export const REDIS_SERVER = "/usr/bin/redis-server";

const available = existsSync(REDIS_SERVER);
if (!available) {
  const message = `\n\n*** REDIS TESTS SKIPPED: no ${REDIS_SERVER} (apt-get install -y --no-install-recommends redis-server) ***\n\n`;
  if (process.env.CI) throw new Error(message + "CI is set: install Debian's redis-server; a missing Redis fails the run.");
  console.warn(message);
}

/** `describe` when Debian's redis-server is installed; loudly skipped otherwise (an error under CI). */
export const describeRedis = available ? describe : describe.skip;

export interface TestRedis {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Kills the server and removes its dir. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL: an outage, not a shutdown); `restart` brings it back. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (after `kill`), empty. */
  restart(): Promise<void>;
}

/** One PING over a raw socket: true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  output: () => string;
}

function spawnServer(dir: string, port: number): Running {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", dir, "--logfile", ""];
  const child = spawn(REDIS_SERVER, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
    child.once("error", (error) => {
      output += `\n${error.message}`;
      resolve();
    });
  });
  return { child, exited, output: () => output };
}

/** Resolves once the server answers PING; rejects if it exits or doesn't answer in time. */
async function waitReady(running: Running, port: number, timeoutMs = 15_000): Promise<void> {
  let exited = false;
  void running.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`redis-server on port ${port} exited:\n${running.output()}`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms:\n${running.output()}`);
}

async function killServer(running: Running | undefined): Promise<void> {
  if (!running) return;
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
  await running.exited;
}

export async function startRedis(): Promise<TestRedis> {
  if (!available) throw new Error(`no ${REDIS_SERVER}: install Debian's redis-server`);
  const dir = mkdtempSync(join(tmpdir(), "redis-test-"));
  let running: Running | undefined;
  // A crashed test run must not leave a server behind.
  const onExit = () => running?.child.kill("SIGKILL");
  process.once("exit", onExit);
  const stop = async () => {
    process.off("exit", onExit);
    await killServer(running);
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The port is free when asked; another process may take it before redis-server binds it: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      running = spawnServer(dir, port);
      try {
        await waitReady(running, port);
      } catch (error) {
        await killServer(running);
        if (attempt >= 3) throw error;
        continue;
      }
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop,
        kill: async () => {
          await killServer(running);
          running = undefined;
        },
        restart: async () => {
          await killServer(running);
          // The port was just released: a few tries in case the kernel hasn't let it go yet.
          for (let attempt = 1; ; attempt++) {
            running = spawnServer(dir, port);
            try {
              await waitReady(running, port);
              return;
            } catch (error) {
              await killServer(running);
              if (attempt >= 5) throw error;
              await new Promise((resolve) => setTimeout(resolve, 200));
            }
          }
        },
      };
    }
  } catch (error) {
    await stop();
    throw error;
  }
}
