import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../storage/database.server.js";
import type { QueryLayer } from "../storage/sql.server.js";
import { domainServices, migratedSql, testAccount } from "../../test/support/domain.js";
import { getMembership, type UserRef } from "./access.server.js";
import type { Services } from "./context.server.js";
import { DomainEventBus, type DomainEvents } from "./events.server.js";
import { acceptInvitation, createInvitation, inspectInvitation } from "./invitations.server.js";
import { leaveProcess, removeMember, updateMember } from "./members.server.js";
import { createProcess, setProcessArchived } from "./processes.server.js";

// Domain functions over a real (in-memory) SQLite database: transactions, events, constraints.

let sql: QueryLayer;
/** The raw handle under `sql`, for assertions on the stored rows. */
let db: Db;
let services: Services;
let events: { name: keyof DomainEvents; payload: unknown }[];

async function user(name: string) {
  const account = await testAccount(sql, name);
  return { id: account.id, isAdmin: account.isAdmin };
}

beforeEach(() => {
  sql = migratedSql();
  db = sql.sqlite!;
  const bus = new DomainEventBus();
  events = [];
  for (const name of ["membership.changed", "process.changed"] as const) bus.on(name, (payload) => events.push({ name, payload }));
  // The real services; no collab server runs in these tests (and no round opens here).
  services = domainServices(sql, { events: bus });
});
afterEach(() => sql.close());

async function newProcess(owner: UserRef) {
  const result = await createProcess(services, owner, { title: "Ber", locality: "Ber", languages: ["fr"] });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.id;
}

describe("process domain", () => {
  it("emits membership.changed on join, role change, removal and leave; process.changed on archive and restore", async () => {
    const fac = await user("fac");
    const a = await user("a");
    const b = await user("b");
    const pid = await newProcess(fac);
    const inviteA = await createInvitation(services, fac, pid, { role: "observer" });
    const inviteB = await createInvitation(services, fac, pid, { role: "mediator" });
    if (!inviteA.ok || !inviteB.ok) throw new Error("invitation failed");
    events.length = 0;
    expect((await acceptInvitation(services, a, inviteA.value.token)).ok).toBe(true);
    expect((await acceptInvitation(services, b, inviteB.value.token)).ok).toBe(true);
    expect((await updateMember(services, fac, pid, { userId: a.id, role: "analyst" })).ok).toBe(true);
    expect((await removeMember(services, fac, pid, { userId: a.id })).ok).toBe(true);
    expect((await leaveProcess(services, b, pid)).ok).toBe(true);
    expect((await setProcessArchived(services, fac, pid, true)).ok).toBe(true);
    expect((await setProcessArchived(services, fac, pid, false)).ok).toBe(true);
    expect(events).toEqual([
      { name: "membership.changed", payload: { processId: pid, userId: a.id } },
      { name: "membership.changed", payload: { processId: pid, userId: b.id } },
      { name: "membership.changed", payload: { processId: pid, userId: a.id } },
      { name: "membership.changed", payload: { processId: pid, userId: a.id } },
      { name: "membership.changed", payload: { processId: pid, userId: b.id } },
      { name: "process.changed", payload: { processId: pid } },
      { name: "process.changed", payload: { processId: pid } },
    ]);
    expect(await getMembership(sql, pid, a.id)).toBeNull();
    expect(await getMembership(sql, pid, fac.id)).toEqual({ processId: pid, userId: fac.id, role: "facilitator", categoryId: null, archived: false });
  });

  it("uses an invitation once, even when a second person presents the same link", async () => {
    const fac = await user("fac");
    const a = await user("a");
    const b = await user("b");
    const pid = await newProcess(fac);
    const invite = await createInvitation(services, fac, pid, { role: "observer" });
    if (!invite.ok) throw new Error("invitation failed");
    expect((await acceptInvitation(services, a, invite.value.token)).ok).toBe(true);
    const second = await acceptInvitation(services, b, invite.value.token);
    expect(second).toEqual({ ok: false, status: 410, errors: { form: "invitations.state.used" } });
    expect(await getMembership(sql, pid, b.id)).toBeNull();
    expect((await inspectInvitation(sql, invite.value.token)).state).toBe("used");
  });

  it("writes nothing, emits nothing and audits nothing when a rule refuses", async () => {
    const fac = await user("fac");
    const pid = await newProcess(fac);
    const audit = () => (db.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE process_id = ?").get(pid) as { n: number }).n;
    const before = audit();
    events.length = 0;
    expect(await leaveProcess(services, fac, pid)).toMatchObject({ ok: false, status: 409 });
    expect(await updateMember(services, fac, pid, { userId: fac.id, role: "observer" })).toMatchObject({ ok: false, status: 409 });
    expect(await createInvitation(services, fac, pid, { role: "representative", affiliation: "Kunta" })).toMatchObject({
      ok: false,
      errors: { categoryId: "processErrors.categoryRequired" },
    });
    expect(audit()).toBe(before);
    expect(events).toEqual([]);
  });

  it("refuses cross-process categories and representatives without affiliation at the database level too", async () => {
    const fac = await user("fac");
    const p1 = await newProcess(fac);
    const p2 = await newProcess(fac);
    const foreign = (db.prepare("SELECT id FROM stakeholder_categories WHERE process_id = ? AND key = 'youth'").get(p2) as { id: string }).id;
    expect(await createInvitation(services, fac, p1, { role: "representative", categoryId: foreign, affiliation: "Kunta" })).toMatchObject({
      ok: false,
      errors: { categoryId: "processErrors.categoryUnknown" },
    });
    const other = await user("other");
    const insert = (categoryId: string | null, affiliation: string | null) => () =>
      db
        .prepare(
          "INSERT INTO process_members (process_id, user_id, role, category_id, affiliation, joined_at, updated_at) VALUES (?, ?, 'representative', ?, ?, 0, 0)",
        )
        .run(p1, other.id, categoryId, affiliation);
    expect(insert(foreign, "Kunta")).toThrow(/FOREIGN KEY/);
    expect(insert(null, "Kunta")).toThrow(/CHECK/);
  });
});
