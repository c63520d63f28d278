// A private PostgreSQL cluster for a test file, from Debian's binaries (never a downloaded server):
// initdb into a temp dir, started on 127.0.0.1 on a free port with its socket in that dir, removed
// on stop. Nothing is shared with any other cluster on the machine.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe } from "vitest";
import { freePort } from "./ports.js";

const run = promisify(execFile);

/** The bin dir of the newest Debian PostgreSQL (/usr/lib/postgresql/<major>/bin), if any. */
export const postgresBinDir: string | undefined = (() => {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(root, majors[0]!, "bin") : undefined;
})();

if (!postgresBinDir) {
  const message = "\n\n*** POSTGRESQL TESTS SKIPPED: no PostgreSQL binaries in /usr/lib/postgresql/*/bin (apt-get install -y postgresql) ***\n\n";
  if (process.env.CI) throw new Error(message + "CI is set: install Debian's postgresql; a missing PostgreSQL fails the run.");
  console.warn(message);
}

/** `describe` when PostgreSQL's binaries are installed; loudly skipped otherwise (an error under CI). */
export const describePostgres = postgresBinDir ? describe : describe.skip;

/** The cluster's superuser (initdb -U): not a role of the machine. */
export const POSTGRES_TEST_USER = "app";

// initdb and postgres refuse to run as root: as root, they run as Debian's `postgres` account.
const asRoot = process.getuid?.() === 0;

async function pgBin(name: string, args: string[]): Promise<void> {
  const path = join(postgresBinDir!, name);
  try {
    if (asRoot) await run("runuser", ["-u", "postgres", "--", path, ...args]);
    else await run(path, args);
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${name} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

export interface TestPostgres {
  /** postgres://app@127.0.0.1:<port>/postgres: the cluster's default database. */
  url: string;
  /** The same URL for another database of the cluster. */
  urlFor(database: string): string;
  /**
   * Stops the server (fast: every connection is cut, as a database restart or failover does),
   * runs `whileDown`, and starts it again on the same port.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `durable`: keep PostgreSQL's defaults (fsync, synchronous commit, full page writes), as a real
 * server runs, for benchmarks; tests leave them off, their cluster is thrown away.
 */
export async function startPostgres({ maxConnections = 100, durable = false }: { maxConnections?: number; durable?: boolean } = {}): Promise<TestPostgres> {
  if (!postgresBinDir) throw new Error("no PostgreSQL binaries: install Debian's postgresql");
  const dir = mkdtempSync(join(tmpdir(), "pg-test-"));
  const data = join(dir, "data");
  if (asRoot) await run("chown", ["postgres:postgres", dir]);
  else chmodSync(dir, 0o700);
  const stop = async () => {
    await pgBin("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // --no-sync and fsync=off: a test cluster is thrown away, its durability is not under test.
    await pgBin("initdb", ["-D", data, "-A", "trust", "-U", POSTGRES_TEST_USER, "--no-sync", "-E", "UTF8", "--locale=C"]);
    const speed = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    // The port is free when asked; another process may take it before postgres binds it: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}${speed} -c max_connections=${maxConnections}`;
      try {
        await pgBin("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-t", "30", "-o", options, "start"]);
      } catch (error) {
        if (attempt >= 3) throw error;
        continue;
      }
      const urlFor = (database: string) => `postgres://${POSTGRES_TEST_USER}@127.0.0.1:${port}/${database}`;
      const restart = async (whileDown?: () => Promise<void>) => {
        await pgBin("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
        await whileDown?.();
        await pgBin("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-t", "30", "-o", options, "start"]);
      };
      return { url: urlFor("postgres"), urlFor, restart, stop };
    }
  } catch (error) {
    await stop();
    throw error;
  }
}
