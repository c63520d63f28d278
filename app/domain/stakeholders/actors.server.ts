// Changes to the stakeholder map: actors and their relations. Each one asks THE policy inside its
// transaction (stakeholderMap.edit: the analyst and the facilitator), checks that what it refers to
// belongs to this process, and writes the audit log in the same transaction. Audit entries name the
// actor and the fields changed, never the analysis itself (notes and sources stay on the map).
import { randomUUID } from "node:crypto";
import type { Sql, SqlValue } from "../../storage/sql.server.js";
import { authorize, type UserRef } from "../access.server.js";
import { recordAudit } from "../audit.server.js";
import type { Services } from "../context.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "../input.server.js";
import { actorIdSchema, actorSchema, relationIdSchema, relationSchema, type ActorInput } from "./schemas.server.js";
import { getActor, linkedMemberIds } from "./store.server.js";

type MapServices = Pick<Services, "db">;

/** The map does not exist for those who may not read it (404, like an unknown id); mediators read it but may not change it (403). */
async function mayEdit(db: Sql, processId: string, user: UserRef): Promise<void> {
  await authorize(db, processId, user, "stakeholderMap.read");
  await authorize(db, processId, user, "stakeholderMap.edit");
}

/** Columns of an actor as a form sets them, in the order of the statements below. */
const FIELDS = [
  "name",
  "kind",
  "categoryId",
  "community",
  "functions",
  "illicitLink",
  "illicitSource",
  "influence",
  "legitimacy",
  "legitimacyNotes",
  "representationNote",
  "sources",
] as const;

/** An actor's stored columns, from a form's input or from the actor as stored (the same field names). */
function columns(input: Pick<ActorInput, (typeof FIELDS)[number]>): SqlValue[] {
  return [
    input.name,
    input.kind,
    input.categoryId,
    input.community,
    JSON.stringify(input.functions),
    input.illicitLink,
    input.illicitSource,
    input.influence,
    input.legitimacy,
    input.legitimacyNotes,
    input.representationNote,
    input.sources,
  ];
}

/** The references of a form that must belong to this process: its category and the members it links (representatives only). */
async function checkReferences(db: Sql, processId: string, input: ActorInput): Promise<Outcome<null>> {
  if (input.categoryId && !(await db.get("SELECT 1 FROM stakeholder_categories WHERE id = ? AND process_id = ?", input.categoryId, processId))) {
    return fail(400, "categoryId", "stakeholders.errors.categoryUnknown");
  }
  for (const userId of input.memberIds) {
    const row = await db.get<{ role: string }>("SELECT role FROM process_members WHERE process_id = ? AND user_id = ?", processId, userId);
    if (!row) return fail(400, "memberIds", "stakeholders.errors.memberUnknown");
    if (row.role !== "representative") return fail(400, "memberIds", "stakeholders.errors.memberNotRepresentative");
  }
  return { ok: true, value: null };
}

async function setMembers(db: Sql, actorId: string, memberIds: readonly string[]): Promise<void> {
  await db.run("DELETE FROM stakeholder_actor_members WHERE actor_id = ?", actorId);
  for (const userId of memberIds) await db.run("INSERT INTO stakeholder_actor_members (actor_id, user_id) VALUES (?, ?)", actorId, userId);
}

export async function createActor(services: MapServices, user: UserRef, processId: string, raw: RawInput): Promise<Outcome<{ id: string }>> {
  const { db } = services;
  await mayEdit(db, processId, user);
  const parsed = parseInput(actorSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.data;
  return await db.transaction(async (tx): Promise<Outcome<{ id: string }>> => {
    await mayEdit(tx, processId, user);
    const refs = await checkReferences(tx, processId, input);
    if (!refs.ok) return refs;
    const id = randomUUID();
    const now = Date.now();
    await tx.run(
      `INSERT INTO stakeholder_actors (id, process_id, name, kind, category_id, community, functions, illicit_link, illicit_source,
         influence, legitimacy, legitimacy_notes, representation_note, sources, created_by, created_at, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      processId,
      ...columns(input),
      user.id,
      now,
      user.id,
      now,
    );
    await setMembers(tx, id, input.memberIds);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "stakeholder.actorCreated",
      processId,
      targetType: "actor",
      targetId: id,
      details: { actor: input.name, representatives: input.memberIds.length },
    });
    return { ok: true, value: { id } };
  });
}

export async function updateActor(services: MapServices, user: UserRef, processId: string, raw: RawInput): Promise<Outcome<{ id: string }>> {
  const { db } = services;
  await mayEdit(db, processId, user);
  const target = parseInput(actorIdSchema, raw);
  if (!target.ok) return target;
  const parsed = parseInput(actorSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.data;
  const { actorId } = target.data;
  return await db.transaction(async (tx): Promise<Outcome<{ id: string }>> => {
    await mayEdit(tx, processId, user);
    const before = await getActor(tx, processId, actorId);
    if (!before) return fail(404, "form", "stakeholders.errors.actorNotFound");
    const refs = await checkReferences(tx, processId, input);
    if (!refs.ok) return refs;
    const previous = columns(before);
    const next = columns(input);
    const fields: string[] = FIELDS.filter((_, i) => previous[i] !== next[i]);
    const membersBefore = new Set(await linkedMemberIds(tx, actorId));
    const membersChanged = membersBefore.size !== input.memberIds.length || input.memberIds.some((m) => !membersBefore.has(m));
    if (membersChanged) fields.push("representatives");
    // Saving an unchanged form changes nothing and records nothing.
    if (!fields.length) return { ok: true, value: { id: actorId } };
    await tx.run(
      `UPDATE stakeholder_actors SET name = ?, kind = ?, category_id = ?, community = ?, functions = ?, illicit_link = ?, illicit_source = ?,
         influence = ?, legitimacy = ?, legitimacy_notes = ?, representation_note = ?, sources = ?, updated_by = ?, updated_at = ?
       WHERE id = ? AND process_id = ?`,
      ...next,
      user.id,
      Date.now(),
      actorId,
      processId,
    );
    if (membersChanged) await setMembers(tx, actorId, input.memberIds);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "stakeholder.actorUpdated",
      processId,
      targetType: "actor",
      targetId: actorId,
      details: { actor: input.name, ...(input.name !== before.name ? { previousName: before.name } : {}), actorFields: fields },
    });
    return { ok: true, value: { id: actorId } };
  });
}

/** Deletes an actor with its relations, its representative links and the threads' links to it (the threads stay). */
export async function deleteActor(services: Pick<Services, "db" | "events">, user: UserRef, processId: string, raw: RawInput): Promise<Outcome<null>> {
  const { db } = services;
  await mayEdit(db, processId, user);
  const parsed = parseInput(actorIdSchema, raw);
  if (!parsed.ok) return parsed;
  // Threads that named the actor lose the link: their open pages are told, as for any thread change.
  let unlinked: { thread_id: string; document_id: string }[] = [];
  const result = await db.transaction(async (tx): Promise<Outcome<null>> => {
    await mayEdit(tx, processId, user);
    const actor = await getActor(tx, processId, parsed.data.actorId);
    if (!actor) return fail(404, "form", "stakeholders.errors.actorNotFound");
    const relations = (await tx.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM stakeholder_relations WHERE from_actor_id = ? OR to_actor_id = ?",
      actor.id,
      actor.id,
    ))!.n;
    unlinked = await tx.all<{ thread_id: string; document_id: string }>(
      "SELECT l.thread_id, t.document_id FROM annotation_thread_actors l JOIN annotation_threads t ON t.id = l.thread_id WHERE l.actor_id = ?",
      actor.id,
    );
    await tx.run("DELETE FROM stakeholder_actors WHERE id = ? AND process_id = ?", actor.id, processId);
    const now = Date.now();
    for (const u of unlinked) await tx.run("UPDATE annotation_threads SET updated_at = ? WHERE id = ?", now, u.thread_id);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "stakeholder.actorDeleted",
      processId,
      targetType: "actor",
      targetId: actor.id,
      details: { actor: actor.name, relations },
    });
    return { ok: true, value: null };
  });
  if (result.ok) for (const u of unlinked) services.events.emit("annotation.changed", { processId, documentId: u.document_id, threadId: u.thread_id });
  return result;
}

export async function addRelation(services: MapServices, user: UserRef, processId: string, raw: RawInput): Promise<Outcome<{ id: string }>> {
  const { db } = services;
  await mayEdit(db, processId, user);
  const parsed = parseInput(relationSchema, raw);
  if (!parsed.ok) return parsed;
  const { fromActorId, toActorId, kind, note } = parsed.data;
  return await db.transaction(async (tx): Promise<Outcome<{ id: string }>> => {
    await mayEdit(tx, processId, user);
    const from = await getActor(tx, processId, fromActorId);
    if (!from) return fail(404, "fromActorId", "stakeholders.errors.actorNotFound");
    const to = await getActor(tx, processId, toActorId);
    if (!to) return fail(404, "toActorId", "stakeholders.errors.actorNotFound");
    if (await tx.get("SELECT 1 FROM stakeholder_relations WHERE from_actor_id = ? AND to_actor_id = ? AND kind = ?", fromActorId, toActorId, kind)) {
      return fail(409, "kind", "stakeholders.errors.relationExists");
    }
    const id = randomUUID();
    await tx.run(
      "INSERT INTO stakeholder_relations (id, process_id, from_actor_id, to_actor_id, kind, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      id,
      processId,
      fromActorId,
      toActorId,
      kind,
      note,
      user.id,
      Date.now(),
    );
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "stakeholder.relationAdded",
      processId,
      targetType: "actor",
      targetId: fromActorId,
      details: { actor: from.name, relation: kind, otherActor: to.name },
    });
    return { ok: true, value: { id } };
  });
}

export async function removeRelation(services: MapServices, user: UserRef, processId: string, raw: RawInput): Promise<Outcome<null>> {
  const { db } = services;
  await mayEdit(db, processId, user);
  const parsed = parseInput(relationIdSchema, raw);
  if (!parsed.ok) return parsed;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    await mayEdit(tx, processId, user);
    const row = await tx.get<{ id: string; kind: string; from_actor_id: string; from_name: string; to_name: string }>(
      `SELECT r.id, r.kind, r.from_actor_id, f.name AS from_name, t.name AS to_name FROM stakeholder_relations r
         JOIN stakeholder_actors f ON f.id = r.from_actor_id JOIN stakeholder_actors t ON t.id = r.to_actor_id
         WHERE r.id = ? AND r.process_id = ?`,
      parsed.data.relationId,
      processId,
    );
    if (!row) return fail(404, "form", "stakeholders.errors.relationNotFound");
    await tx.run("DELETE FROM stakeholder_relations WHERE id = ?", row.id);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "stakeholder.relationRemoved",
      processId,
      targetType: "actor",
      targetId: row.from_actor_id,
      details: { actor: row.from_name, relation: row.kind, otherActor: row.to_name },
    });
    return { ok: true, value: null };
  });
}
