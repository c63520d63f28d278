import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { QueryLayer } from "../storage/sql.server.js";
import { domainServices, migratedSql, testAccount } from "../../test/support/domain.js";
import type { Services } from "./context.server.js";
import { createProcess } from "./processes.server.js";
import { createSession, generateSessionToken } from "./sessions.server.js";
import {
  beginSetup,
  confirmSetup,
  disableSecondFactor,
  isSecondFactorEnabled,
  mustSetUpSecondFactor,
  normalizeCode,
  pendingSetup,
  recoveryCodeHash,
  resetSecondFactor,
  secondFactorStatus,
  setRequiredRoles,
  SETUP_TTL_MS,
  verifySecondFactor,
} from "./second-factor.server.js";

// The second factor's rules over a real (in-memory) SQLite database: the time window, replays,
// recovery codes spent once, the administrator's requirement per role.
let db: QueryLayer;
let services: Services;
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const step = (at: number) => Math.floor(at / 30_000);

const account = (name: string) => testAccount(db, name);

async function keyOf(userId: string, email: string): Promise<Uint8Array> {
  const setup = await pendingSetup(db, userId, email, T0);
  if (!setup) throw new Error("no setup");
  return decodeBase32IgnorePadding(setup.key.replace(/ /g, ""));
}

const code = (key: Uint8Array, at: number, offset = 0) => generateHOTP(key, BigInt(step(at) + offset), 6);

async function enrolled(name: string) {
  const a = await account(name);
  await beginSetup(services, a.id, T0);
  const key = await keyOf(a.id, a.email);
  const session = await createSession(db, generateSessionToken(), a.id);
  const confirmed = await confirmSetup(services, a.id, code(key, T0), session.id, T0);
  if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
  return { account: a, key, recoveryCodes: confirmed.value.recoveryCodes, sessionId: session.id };
}

beforeEach(() => {
  db = migratedSql();
  services = domainServices(db);
});
afterEach(() => db.close());

describe("codes", () => {
  it("normalizes what people type", () => {
    expect(normalizeCode(" 123 456 ")).toBe("123456");
    expect(normalizeCode("ABCDE-FGHIJ")).toBe("abcdefghij");
    expect(recoveryCodeHash("abcde-fghij")).toBe(recoveryCodeHash("ABCDE FGHIJ"));
  });

  it("accepts the code of the step before, now and after, never two steps away", async () => {
    const { account: a, key } = await enrolled("window");
    const later = T0 + 10 * 60_000;
    expect(await verifySecondFactor(db, a.id, code(key, later, -2), later)).toBeNull();
    expect(await verifySecondFactor(db, a.id, code(key, later, 2), later)).toBeNull();
    expect(await verifySecondFactor(db, a.id, code(key, later, -1), later)).toBe("totp");
    expect(await verifySecondFactor(db, a.id, code(key, later, 1), later)).toBe("totp");
  });

  it("never accepts a code twice, nor one older than the last accepted", async () => {
    const { account: a, key } = await enrolled("replay");
    const later = T0 + 5 * 60_000;
    const now = code(key, later);
    expect(await verifySecondFactor(db, a.id, now, later)).toBe("totp");
    expect(await verifySecondFactor(db, a.id, now, later)).toBeNull();
    expect(await verifySecondFactor(db, a.id, code(key, later, -1), later)).toBeNull();
    // The code used to confirm the setup is spent too.
    expect(await verifySecondFactor(db, a.id, code(key, T0), T0)).toBeNull();
  });

  it("spends a recovery code once; only hashes are stored", async () => {
    const { account: a, recoveryCodes } = await enrolled("recovery");
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const stored = db.sqlite!.prepare("SELECT code_hash FROM recovery_codes WHERE user_id = ?").all(a.id) as { code_hash: string }[];
    expect(stored.map((r) => r.code_hash).join()).not.toContain(recoveryCodes[0]!.replace("-", ""));
    expect(await verifySecondFactor(db, a.id, recoveryCodes[0]!.toUpperCase(), T0)).toBe("recovery");
    expect(await verifySecondFactor(db, a.id, recoveryCodes[0]!, T0)).toBeNull();
    expect((await secondFactorStatus(db, a.id)).recoveryCodesLeft).toBe(9);
  });

  it("a code of another account's key, or garbage, proves nothing", async () => {
    const one = await enrolled("one");
    const two = await enrolled("two");
    const later = T0 + 60_000;
    expect(await verifySecondFactor(db, two.account.id, code(one.key, later), later)).toBeNull();
    expect(await verifySecondFactor(db, two.account.id, "", later)).toBeNull();
    expect(await verifySecondFactor(db, two.account.id, "1234567", later)).toBeNull();
    expect(await verifySecondFactor(db, two.account.id, "' OR 1=1 --", later)).toBeNull();
  });
});

describe("setup", () => {
  it("protects nothing until confirmed; a lapsed setup cannot be confirmed", async () => {
    const a = await account("lapsed");
    await beginSetup(services, a.id, T0);
    const key = await keyOf(a.id, a.email);
    expect(await isSecondFactorEnabled(db, a.id)).toBe(false);
    const late = T0 + SETUP_TTL_MS + 1;
    const result = await confirmSetup(services, a.id, code(key, late), "none", late);
    expect(result.ok).toBe(false);
    expect(await isSecondFactorEnabled(db, a.id)).toBe(false);
  });

  it("confirming ends the account's other sessions, keeps this one", async () => {
    const a = await account("devices");
    const other = await createSession(db, generateSessionToken(), a.id);
    const here = await createSession(db, generateSessionToken(), a.id);
    await beginSetup(services, a.id, T0);
    const result = await confirmSetup(services, a.id, code(await keyOf(a.id, a.email), T0), here.id, T0);
    expect(result.ok).toBe(true);
    const left = (db.sqlite!.prepare("SELECT id FROM sessions WHERE user_id = ?").all(a.id) as { id: string }[]).map((r) => r.id);
    expect(left).toEqual([here.id]);
    expect(left).not.toContain(other.id);
  });
});

describe("the administrator's requirement", () => {
  it("applies to holders of the required roles without a second factor, and forbids turning it off", async () => {
    const admin = await account("admin");
    const facilitator = await enrolled("facilitator");
    const created = await createProcess(services, { id: facilitator.account.id, isAdmin: false }, { title: "Ber", locality: "Ber", languages: ["fr"] });
    if (!created.ok) throw new Error("process");
    const bare = await account("bare");
    expect(await mustSetUpSecondFactor(db, bare.id)).toBe(false);
    expect((await setRequiredRoles(services, admin.id, ["facilitator", "analyst"])).ok).toBe(true);
    // No role anywhere: nothing required.
    expect(await mustSetUpSecondFactor(db, bare.id)).toBe(false);
    expect(await mustSetUpSecondFactor(db, facilitator.account.id)).toBe(false);
    expect(await secondFactorStatus(db, facilitator.account.id)).toMatchObject({ required: true, requiredFor: ["facilitator"] });
    // Refused before the code is looked at: the recovery code given is not spent.
    const off = await disableSecondFactor(services, facilitator.account.id, facilitator.recoveryCodes[0]!);
    expect(off).toMatchObject({ ok: false, errors: { form: "secondFactor.errors.required" } });
    expect(await isSecondFactorEnabled(db, facilitator.account.id)).toBe(true);
    expect((await secondFactorStatus(db, facilitator.account.id)).recoveryCodesLeft).toBe(10);
    // The administrator resets it (a lost phone): now the facilitator must set one up again.
    expect((await resetSecondFactor(services, admin.id, facilitator.account.id)).ok).toBe(true);
    expect(await mustSetUpSecondFactor(db, facilitator.account.id)).toBe(true);
    const actions = (db.sqlite!.prepare("SELECT action FROM audit_events WHERE action LIKE '%second_factor%' ORDER BY id").all() as { action: string }[]).map(
      (r) => r.action,
    );
    expect(actions).toEqual([
      "account.second_factor_setup_started",
      "account.second_factor_enabled",
      "instance.second_factor_roles_set",
      "account.second_factor_reset",
    ]);
  });
});
