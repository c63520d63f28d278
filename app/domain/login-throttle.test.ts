import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migratedSql } from "../../test/support/domain.js";
import {
  ACCOUNT_MAX_FAILURES,
  IP_MAX_FAILURES,
  LOGIN_WINDOW_MS,
  clearLoginFailures,
  recordLoginFailure,
  retryAfterMs,
  throttleKeys,
} from "./login-throttle.server.js";

function db() {
  return migratedSql(join(mkdtempSync(join(tmpdir(), "throttle-")), "t.db"));
}

describe("login throttle", () => {
  it("throttles an account after 10 failures in 15 minutes and reopens when the window passes", async () => {
    const d = db();
    const keys = throttleKeys("10.0.0.1", "a@example.org");
    const t0 = 1_000_000;
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i++) await recordLoginFailure(d, keys, t0 + i);
    expect(await retryAfterMs(d, keys, t0 + 100)).toBe(0);
    await recordLoginFailure(d, keys, t0 + 50);
    const wait = await retryAfterMs(d, keys, t0 + 100);
    expect(wait).toBeGreaterThan(LOGIN_WINDOW_MS - 200);
    expect(await retryAfterMs(d, keys, t0 + LOGIN_WINDOW_MS + 100)).toBe(0);
  });

  it("throttles an IP shared by many accounts only at the higher IP limit", async () => {
    const d = db();
    const t0 = 5_000_000;
    for (let i = 0; i < IP_MAX_FAILURES - 1; i++) await recordLoginFailure(d, throttleKeys("10.0.0.2", `user${i}@example.org`), t0);
    expect(await retryAfterMs(d, throttleKeys("10.0.0.2", "fresh@example.org"), t0 + 1)).toBe(0);
    await recordLoginFailure(d, throttleKeys("10.0.0.2", "another@example.org"), t0);
    expect(await retryAfterMs(d, throttleKeys("10.0.0.2", "fresh@example.org"), t0 + 1)).toBeGreaterThan(0);
    expect(await retryAfterMs(d, throttleKeys("10.0.0.3", "fresh@example.org"), t0 + 1)).toBe(0);
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    const d = db();
    const keys = throttleKeys("10.0.0.4", "b@example.org");
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await recordLoginFailure(d, keys, 10_000 + i);
    expect(await retryAfterMs(d, keys, 10_100)).toBeGreaterThan(0);
    await clearLoginFailures(d, keys[1]);
    expect(await retryAfterMs(d, keys, 10_100)).toBe(0);
  });
});
