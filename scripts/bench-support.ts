// What the benchmark scripts share: free ports, server processes started on this machine, polling.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns `node <args>` in the project and resolves once its stdout matches `ready`. */
export async function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start`)), 20_000);
    proc.stdout!.on("data", (chunk: Buffer) => {
      if (ready.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.stderr!.on("data", () => {});
    proc.once("exit", (code) => reject(new Error(`process exited ${code}`)));
  });
  proc.stdout!.resume();
  return proc;
}

export async function stopProcess(proc: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  proc.kill("SIGTERM");
  await exited;
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string, everyMs = 2): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
