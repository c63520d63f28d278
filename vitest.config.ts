import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Four suites, all run by `npm test`:
// - unit: pure logic beside the code;
// - integration: a real server process on a free port with a fresh SQLite file per test file;
// - integration-postgres: the same app-level files, each server on a fresh PostgreSQL database;
// - e2e: Debian's Chromium against the built server (one file at a time: 2 cores). `npm test`
//   runs it after the other two, so browsers never compete with server processes for the CPU.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["app/**/*.test.{ts,tsx}", "server/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same app-level integration files, every server on PostgreSQL (DATABASE_URL) in one
        // private cluster (ADR 040). Left out: the collab server's own suites (collab/, their
        // PostgreSQL adapter has collab/postgres.test.ts), the tests with a cluster of their own (the
        // schema, the races, a restart of the database), the Redis fan-out (no app database), and the migration of a
        // SQLite file.
        extends: true,
        test: {
          name: "integration-postgres",
          include: ["test/integration/**/*.test.ts"],
          exclude: [
            "test/integration/collab/**",
            "test/integration/postgres-schema.test.ts",
            "test/integration/races-postgres.test.ts",
            "test/integration/postgres-restart.test.ts",
            "test/integration/fanout-redis.test.ts",
            "test/integration/signoff-migration.test.ts",
          ],
          env: { TEST_DATABASE: "postgres" },
          globalSetup: ["test/support/postgres-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // One retry for real-browser timing on a shared 2-core machine: a retried test is still
          // reported ("retry x1"), so a flake stays visible; a real failure fails twice.
          retry: 1,
        },
      },
    ],
  },
});
