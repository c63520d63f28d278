import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("configuration", () => {
  it("has safe defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      databasePath: "./data/mediation.db",
      openSignup: false,
      nodeEnv: "production",
      secureCookies: false,
      trustProxy: false,
      autoVersionQuietMs: 600_000,
      collabCompactEvery: 500,
    });
    expect(c.publicOrigin).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
  });

  it("takes a PostgreSQL URL instead of the SQLite file, and never echoes a bad one", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://app:pw@127.0.0.1:5432/mediation" }).databaseUrl).toBe("postgres://app:pw@127.0.0.1:5432/mediation");
    expect(loadConfig({ DATABASE_URL: "postgresql://db.example.org/mediation" }).databaseUrl).toBe("postgresql://db.example.org/mediation");
    for (const bad of ["mysql://127.0.0.1/mediation", "postgres://127.0.0.1", "./data/mediation.db"]) {
      expect(() => loadConfig({ DATABASE_URL: bad })).toThrow(ConfigError);
    }
    try {
      loadConfig({ DATABASE_URL: "mysql://app:hunter2@db/x" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^DATABASE_URL=\(value not shown\) is invalid/);
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it("takes a Redis URL for several instances, and never echoes a bad one (it may hold a password)", () => {
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" }).redisUrl).toBe("redis://127.0.0.1:6379");
    expect(loadConfig({ REDIS_URL: "rediss://:secret@cache.example.org:6380/2" }).redisUrl).toBe("rediss://:secret@cache.example.org:6380/2");
    for (const bad of ["http://127.0.0.1:6379", "127.0.0.1:6379", "redis://"]) {
      expect(() => loadConfig({ REDIS_URL: bad })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ REDIS_URL: "postgres://:hunter2@db" })).toThrow(/^REDIS_URL=\(value not shown\) is invalid/);
    try {
      loadConfig({ REDIS_URL: "postgres://:hunter2@db" });
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it("reads every variable", () => {
    const c = loadConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_PATH: "/tmp/x.db",
      PUBLIC_ORIGIN: "https://mediation.example.org",
      OPEN_SIGNUP: "true",
      NODE_ENV: "development",
      AUTO_VERSION_QUIET_MS: "300",
      COLLAB_COMPACT_EVERY: "20",
    });
    expect(c).toMatchObject({
      autoVersionQuietMs: 300,
      collabCompactEvery: 20,
      port: 8080,
      host: "127.0.0.1",
      databasePath: "/tmp/x.db",
      publicOrigin: "https://mediation.example.org",
      secureCookies: true,
      openSignup: true,
      nodeEnv: "development",
    });
  });

  it("reads TRUST_PROXY as off, a hop count, or proxy addresses", () => {
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy).toBe("loopback, 10.0.0.0/8");
  });

  it.each([
    [{ PORT: "eighty" }, /^PORT="eighty" is invalid/],
    [{ PORT: "70000" }, /^PORT="70000" is invalid/],
    [{ PUBLIC_ORIGIN: "mediation.example.org" }, /^PUBLIC_ORIGIN=.* is invalid: must be an origin/],
    [{ PUBLIC_ORIGIN: "https://example.org/app" }, /^PUBLIC_ORIGIN=.* is invalid/],
    [{ OPEN_SIGNUP: "yes" }, /^OPEN_SIGNUP="yes" is invalid/],
    [{ NODE_ENV: "staging" }, /^NODE_ENV="staging" is invalid/],
    [{ AUTO_VERSION_QUIET_MS: "soon" }, /^AUTO_VERSION_QUIET_MS="soon" is invalid/],
    [{ AUTO_VERSION_QUIET_MS: "0" }, /^AUTO_VERSION_QUIET_MS="0" is invalid/],
    [{ COLLAB_COMPACT_EVERY: "0" }, /^COLLAB_COMPACT_EVERY="0" is invalid/],
    [{ TRUST_PROXY: "yes" }, /^TRUST_PROXY="yes" is invalid: must be "false", a number of proxy hops/],
  ])("stops on a bad value with a one-line message naming the variable (%o)", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
