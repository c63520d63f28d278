// Changes to the stakeholder map: actors and their relations. Each one asks THE policy inside its
// transaction (stakeholderMap.edit: the analyst and the facilitator), checks that what it refers to
// belongs to this process, and writes the audit log in the same transaction. Audit entries name the
// actor and the fields changed, never the analysis itself (notes and sources stay on the map).
import { randomUUID } from "node:crypto";
import type { Db } from "../../storage/database.server.js";
import { authorize, type UserRef } from "../access.server.js";
import { recordAudit } from "../audit.server.js";
import type { Services } from "../context.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "../input.server.js";
import { actorIdSchema, actorSchema, relationIdSchema, relationSchema, type ActorInput } from "./schemas.server.js";
import { getActor, linkedMemberIds } from "./store.server.js";

type MapServices = Pick<Services, "db">;

/** The map does not exist for those who may not read it (404, like an unknown id); mediators read it but may not change it (403). */
function mayEdit(db: Db, processId: string, user: UserRef): void {
  authorize(db, processId, user, "stakeholderMap.read");
  authorize(db, processId, user, "stakeholderMap.edit");
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
function columns(input: Pick<ActorInput, (typeof FIELDS)[number]>): unknown[] {
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
function checkReferences(db: Db, processId: string, input: ActorInput): Outcome<null> {
  if (input.categoryId && !db.prepare("SELECT 1 FROM stakeholder_categories WHERE id = ? AND process_id = ?").get(input.categoryId, processId)) {
    return fail(400, "categoryId", "stakeholders.errors.categoryUnknown");
  }
  for (const userId of input.memberIds) {
    const row = db.prepare("SELECT role FROM process_members WHERE process_id = ? AND user_id = ?").get(processId, userId) as { role: string } | undefined;
    if (!row) return fail(400, "memberIds", "stakeholders.errors.memberUnknown");
    if (row.role !== "representative") return fail(400, "memberIds", "stakeholders.errors.memberNotRepresentative");
  }
  return { ok: true, value: null };
}

function setMembers(db: Db, actorId: string, memberIds: readonly string[]): void {
  db.prepare("DELETE FROM stakeholder_actor_members WHERE actor_id = ?").run(actorId);
  const insert = db.prepare("INSERT INTO stakeholder_actor_members (actor_id, user_id) VALUES (?, ?)");
  for (const userId of memberIds) insert.run(actorId, userId);
}

export function createActor(services: MapServices, user: UserRef, processId: string, raw: RawInput): Outcome<{ id: string }> {
  const { db } = services;
  mayEdit(db, processId, user);
  const parsed = parseInput(actorSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.data;
  return db.transaction((): Outcome<{ id: string }> => {
    mayEdit(db, processId, user);
    const refs = checkReferences(db, processId, input);
    if (!refs.ok) return refs;
    const id = randomUUID();
    const now = Date.now();
    db.prepare(
      `INSERT INTO stakeholder_actors (id, process_id, name, kind, category_id, community, functions, illicit_link, illicit_source,
         influence, legitimacy, legitimacy_notes, representation_note, sources, created_by, created_at, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, processId, ...columns(input), user.id, now, user.id, now);
    setMembers(db, id, input.memberIds);
    recordAudit(db, {
      actorUserId: user.id,
      action: "stakeholder.actorCreated",
      processId,
      targetType: "actor",
      targetId: id,
      details: { actor: input.name, representatives: input.memberIds.length },
    });
    return { ok: true, value: { id } };
  })();
}

export function updateActor(services: MapServices, user: UserRef, processId: string, raw: RawInput): Outcome<{ id: string }> {
  const { db } = services;
  mayEdit(db, processId, user);
  const target = parseInput(actorIdSchema, raw);
  if (!target.ok) return target;
  const parsed = parseInput(actorSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.data;
  const { actorId } = target.data;
  return db.transaction((): Outcome<{ id: string }> => {
    mayEdit(db, processId, user);
    const before = getActor(db, processId, actorId);
    if (!before) return fail(404, "form", "stakeholders.errors.actorNotFound");
    const refs = checkReferences(db, processId, input);
    if (!refs.ok) return refs;
    const previous = columns(before);
    const next = columns(input);
    const fields: string[] = FIELDS.filter((_, i) => previous[i] !== next[i]);
    const membersBefore = new Set(linkedMemberIds(db, actorId));
    const membersChanged = membersBefore.size !== input.memberIds.length || input.memberIds.some((m) => !membersBefore.has(m));
    if (membersChanged) fields.push("representatives");
    // Saving an unchanged form changes nothing and records nothing.
    if (!fields.length) return { ok: true, value: { id: actorId } };
    db.prepare(
      `UPDATE stakeholder_actors SET name = ?, kind = ?, category_id = ?, community = ?, functions = ?, illicit_link = ?, illicit_source = ?,
         influence = ?, legitimacy = ?, legitimacy_notes = ?, representation_note = ?, sources = ?, updated_by = ?, updated_at = ?
       WHERE id = ? AND process_id = ?`,
    ).run(...next, user.id, Date.now(), actorId, processId);
    if (membersChanged) setMembers(db, actorId, input.memberIds);
    recordAudit(db, {
      actorUserId: user.id,
      action: "stakeholder.actorUpdated",
      processId,
      targetType: "actor",
      targetId: actorId,
      details: { actor: input.name, ...(input.name !== before.name ? { previousName: before.name } : {}), actorFields: fields },
    });
    return { ok: true, value: { id: actorId } };
  })();
}

/** Deletes an actor with its relations, its representative links and the threads' links to it (the threads stay). */
export function deleteActor(services: Pick<Services, "db" | "events">, user: UserRef, processId: string, raw: RawInput): Outcome<null> {
  const { db } = services;
  mayEdit(db, processId, user);
  const parsed = parseInput(actorIdSchema, raw);
  if (!parsed.ok) return parsed;
  // Threads that named the actor lose the link: their open pages are told, as for any thread change.
  let unlinked: { thread_id: string; document_id: string }[] = [];
  const result = db.transaction((): Outcome<null> => {
    mayEdit(db, processId, user);
    const actor = getActor(db, processId, parsed.data.actorId);
    if (!actor) return fail(404, "form", "stakeholders.errors.actorNotFound");
    const relations = (
      db.prepare("SELECT COUNT(*) AS n FROM stakeholder_relations WHERE from_actor_id = ? OR to_actor_id = ?").get(actor.id, actor.id) as { n: number }
    ).n;
    unlinked = db
      .prepare("SELECT l.thread_id, t.document_id FROM annotation_thread_actors l JOIN annotation_threads t ON t.id = l.thread_id WHERE l.actor_id = ?")
      .all(actor.id) as { thread_id: string; document_id: string }[];
    db.prepare("DELETE FROM stakeholder_actors WHERE id = ? AND process_id = ?").run(actor.id, processId);
    const touch = db.prepare("UPDATE annotation_threads SET updated_at = ? WHERE id = ?");
    const now = Date.now();
    for (const u of unlinked) touch.run(now, u.thread_id);
    recordAudit(db, {
      actorUserId: user.id,
      action: "stakeholder.actorDeleted",
      processId,
      targetType: "actor",
      targetId: actor.id,
      details: { actor: actor.name, relations },
    });
    return { ok: true, value: null };
  })();
  if (result.ok) for (const u of unlinked) services.events.emit("annotation.changed", { processId, documentId: u.document_id, threadId: u.thread_id });
  return result;
}

export function addRelation(services: MapServices, user: UserRef, processId: string, raw: RawInput): Outcome<{ id: string }> {
  const { db } = services;
  mayEdit(db, processId, user);
  const parsed = parseInput(relationSchema, raw);
  if (!parsed.ok) return parsed;
  const { fromActorId, toActorId, kind, note } = parsed.data;
  return db.transaction((): Outcome<{ id: string }> => {
    mayEdit(db, processId, user);
    const from = getActor(db, processId, fromActorId);
    if (!from) return fail(404, "fromActorId", "stakeholders.errors.actorNotFound");
    const to = getActor(db, processId, toActorId);
    if (!to) return fail(404, "toActorId", "stakeholders.errors.actorNotFound");
    if (db.prepare("SELECT 1 FROM stakeholder_relations WHERE from_actor_id = ? AND to_actor_id = ? AND kind = ?").get(fromActorId, toActorId, kind)) {
      return fail(409, "kind", "stakeholders.errors.relationExists");
    }
    const id = randomUUID();
    db.prepare(
      "INSERT INTO stakeholder_relations (id, process_id, from_actor_id, to_actor_id, kind, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(id, processId, fromActorId, toActorId, kind, note, user.id, Date.now());
    recordAudit(db, {
      actorUserId: user.id,
      action: "stakeholder.relationAdded",
      processId,
      targetType: "actor",
      targetId: fromActorId,
      details: { actor: from.name, relation: kind, otherActor: to.name },
    });
    return { ok: true, value: { id } };
  })();
}

export function removeRelation(services: MapServices, user: UserRef, processId: string, raw: RawInput): Outcome<null> {
  const { db } = services;
  mayEdit(db, processId, user);
  const parsed = parseInput(relationIdSchema, raw);
  if (!parsed.ok) return parsed;
  return db.transaction((): Outcome<null> => {
    mayEdit(db, processId, user);
    const row = db
      .prepare(
        `SELECT r.id, r.kind, r.from_actor_id, f.name AS from_name, t.name AS to_name FROM stakeholder_relations r
         JOIN stakeholder_actors f ON f.id = r.from_actor_id JOIN stakeholder_actors t ON t.id = r.to_actor_id
         WHERE r.id = ? AND r.process_id = ?`,
      )
      .get(parsed.data.relationId, processId) as { id: string; kind: string; from_actor_id: string; from_name: string; to_name: string } | undefined;
    if (!row) return fail(404, "form", "stakeholders.errors.relationNotFound");
    db.prepare("DELETE FROM stakeholder_relations WHERE id = ?").run(row.id);
    recordAudit(db, {
      actorUserId: user.id,
      action: "stakeholder.relationRemoved",
      processId,
      targetType: "actor",
      targetId: row.from_actor_id,
      details: { actor: row.from_name, relation: row.kind, otherActor: row.to_name },
    });
    return { ok: true, value: null };
  })();
}
