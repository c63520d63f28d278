// Reading the stakeholder map: actors with their representatives, relations, and the threads that
// name an actor. Callers have asked the policy (stakeholderMap.read) first; nothing here decides
// access. A linked member counts as representing an actor only while they are a representative of
// the process with an active account (the same people sign-off counts as able to decide).
import type { Sql } from "../../storage/sql.server.js";
import type {
  ActorKind,
  ActorOption,
  ActorRelation,
  ActorRepresentative,
  GovernanceFunction,
  IllicitLink,
  RelationKind,
  Score,
  StakeholderActor,
} from "../../core/stakeholders/types.js";
import { isGovernanceFunction } from "../../core/stakeholders/types.js";

interface ActorRow {
  id: string;
  process_id: string;
  name: string;
  kind: ActorKind;
  category_id: string | null;
  community: string | null;
  functions: string;
  illicit_link: IllicitLink;
  illicit_source: string | null;
  influence: number;
  legitimacy: number;
  legitimacy_notes: string | null;
  representation_note: string | null;
  sources: string | null;
  created_at: number;
  updated_at: number;
  updated_by_name: string;
}

const ACTORS = `SELECT a.*, u.display_name AS updated_by_name FROM stakeholder_actors a JOIN users u ON u.id = a.updated_by`;

function parseFunctions(json: string): GovernanceFunction[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isGovernanceFunction) : [];
  } catch {
    return [];
  }
}

function toActor(row: ActorRow, representatives: ActorRepresentative[]): StakeholderActor {
  return {
    id: row.id,
    processId: row.process_id,
    name: row.name,
    kind: row.kind,
    categoryId: row.category_id,
    community: row.community,
    functions: parseFunctions(row.functions),
    illicitLink: row.illicit_link,
    illicitSource: row.illicit_source,
    influence: row.influence as Score,
    legitimacy: row.legitimacy as Score,
    legitimacyNotes: row.legitimacy_notes,
    representatives,
    representationNote: row.representation_note,
    sources: row.sources,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedByName: row.updated_by_name,
  };
}

/**
 * Representatives per actor of the process: the links of the process's actors (through the actor's
 * index, then the link's primary key), kept when the linked member is a representative of the
 * process with an active account. Two small queries rather than one join the planner would drive
 * from the members (one lookup per member and actor).
 */
async function representativesOf(db: Sql, processId: string, actorId?: string): Promise<Map<string, ActorRepresentative[]>> {
  const links = await db.all<{ actor_id: string; user_id: string }>(
    `SELECT l.actor_id, l.user_id FROM stakeholder_actors a JOIN stakeholder_actor_members l ON l.actor_id = a.id
       WHERE a.process_id = ? ${actorId ? "AND a.id = ?" : ""}`,
    ...(actorId ? [processId, actorId] : [processId]),
  );
  const out = new Map<string, ActorRepresentative[]>();
  if (!links.length) return out;
  const representatives = new Map((await representativeOptions(db, processId)).map((r) => [r.userId, r.displayName]));
  for (const l of links) {
    const displayName = representatives.get(l.user_id);
    if (displayName === undefined) continue;
    const list = out.get(l.actor_id) ?? [];
    list.push({ userId: l.user_id, displayName });
    out.set(l.actor_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.displayName.localeCompare(b.displayName, undefined, { sensitivity: "base" }));
  return out;
}

/** Every actor of the process's map, by name. */
export async function listActors(db: Sql, processId: string): Promise<StakeholderActor[]> {
  const rows = await db.all<ActorRow>(`${ACTORS} WHERE a.process_id = ? ORDER BY lower(a.name), a.id`, processId);
  const reps = await representativesOf(db, processId);
  return rows.map((r) => toActor(r, reps.get(r.id) ?? []));
}

/** One actor of this process's map; null for an unknown id or another process's actor. */
export async function getActor(db: Sql, processId: string, actorId: string): Promise<StakeholderActor | null> {
  const row = await db.get<ActorRow>(`${ACTORS} WHERE a.process_id = ? AND a.id = ?`, processId, actorId);
  return row ? toActor(row, (await representativesOf(db, processId, actorId)).get(actorId) ?? []) : null;
}

/** The ids of members linked to an actor, whatever their role now (the edit form shows them checked). */
export async function linkedMemberIds(db: Sql, actorId: string): Promise<string[]> {
  return (await db.all<{ user_id: string }>("SELECT user_id FROM stakeholder_actor_members WHERE actor_id = ?", actorId)).map((r) => r.user_id);
}

/** Names and ids, for pickers (annotation links, responsible parties). */
export async function actorOptions(db: Sql, processId: string): Promise<ActorOption[]> {
  return await db.all<ActorOption>("SELECT id, name FROM stakeholder_actors WHERE process_id = ? ORDER BY lower(name), id", processId);
}

interface RelationRow {
  id: string;
  from_actor_id: string;
  to_actor_id: string;
  kind: RelationKind;
  note: string | null;
}

const toRelation = (r: RelationRow): ActorRelation => ({ id: r.id, fromActorId: r.from_actor_id, toActorId: r.to_actor_id, kind: r.kind, note: r.note });

export async function listRelations(db: Sql, processId: string): Promise<ActorRelation[]> {
  return (
    await db.all<RelationRow>(
      "SELECT id, from_actor_id, to_actor_id, kind, note FROM stakeholder_relations WHERE process_id = ? ORDER BY created_at, id",
      processId,
    )
  ).map(toRelation);
}

/** An actor's relations, either way round. */
export async function relationsOf(db: Sql, processId: string, actorId: string): Promise<ActorRelation[]> {
  return (
    await db.all<RelationRow>(
      "SELECT id, from_actor_id, to_actor_id, kind, note FROM stakeholder_relations WHERE process_id = ? AND (from_actor_id = ? OR to_actor_id = ?) ORDER BY created_at, id",
      processId,
      actorId,
      actorId,
    )
  ).map(toRelation);
}

/** An annotation thread that names the actor, as the actor's page links to it. */
export interface NamingThread {
  threadId: string;
  documentId: string;
  documentTitle: string;
  visibility: "team" | "shared";
  status: "open" | "resolved";
  quote: string;
  firstMessage: string;
}

/** Threads (with a message left) naming this actor, newest first. The team reads every thread, so no filter is needed for the map's readers. */
export async function threadsNaming(db: Sql, processId: string, actorId: string): Promise<NamingThread[]> {
  const rows = await db.all<{
    id: string;
    document_id: string;
    title: string;
    visibility: "team" | "shared";
    status: "open" | "resolved";
    anchor: string;
    first_message: string | null;
  }>(
    `SELECT t.id, t.document_id, d.title, t.visibility, t.status, t.anchor,
         (SELECT m.body FROM annotation_messages m WHERE m.thread_id = t.id AND m.deleted_at IS NULL ORDER BY m.created_at, m.id LIMIT 1) AS first_message
       FROM annotation_thread_actors l
       JOIN annotation_threads t ON t.id = l.thread_id
       JOIN documents d ON d.id = t.document_id AND d.process_id = ?
       WHERE l.actor_id = ? ORDER BY t.created_at DESC, t.id`,
    processId,
    actorId,
  );
  return rows.flatMap((r) => {
    if (r.first_message === null) return [];
    let quote = "";
    try {
      quote = String((JSON.parse(r.anchor) as { quote?: unknown }).quote ?? "");
    } catch {
      quote = "";
    }
    return [
      { threadId: r.id, documentId: r.document_id, documentTitle: r.title, visibility: r.visibility, status: r.status, quote, firstMessage: r.first_message },
    ];
  });
}

/** The actors each thread of a document names (for threads' views to readers of the map). */
export async function actorIdsByThread(db: Sql, documentId: string): Promise<Map<string, string[]>> {
  const rows = await db.all<{ thread_id: string; actor_id: string }>(
    `SELECT l.thread_id, l.actor_id FROM annotation_thread_actors l JOIN annotation_threads t ON t.id = l.thread_id
       JOIN stakeholder_actors a ON a.id = l.actor_id WHERE t.document_id = ? ORDER BY lower(a.name)`,
    documentId,
  );
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.thread_id) ?? [];
    list.push(r.actor_id);
    out.set(r.thread_id, list);
  }
  return out;
}

/** The actors one thread names, by name. */
export async function actorIdsOfThread(db: Sql, threadId: string): Promise<string[]> {
  return (
    await db.all<{ actor_id: string }>(
      "SELECT l.actor_id FROM annotation_thread_actors l JOIN stakeholder_actors a ON a.id = l.actor_id WHERE l.thread_id = ? ORDER BY lower(a.name)",
      threadId,
    )
  ).map((r) => r.actor_id);
}

/** The representatives of the process who may be linked to an actor (the form's choices). */
export async function representativeOptions(
  db: Sql,
  processId: string,
): Promise<{ userId: string; displayName: string; categoryId: string | null; affiliation: string | null }[]> {
  return (
    await db.all<{ user_id: string; display_name: string; category_id: string | null; affiliation: string | null }>(
      `SELECT m.user_id, u.display_name, m.category_id, m.affiliation FROM process_members m JOIN users u ON u.id = m.user_id
         WHERE m.process_id = ? AND m.role = 'representative' AND u.disabled_at IS NULL ORDER BY lower(u.display_name)`,
      processId,
    )
  ).map((r) => ({ userId: r.user_id, displayName: r.display_name, categoryId: r.category_id, affiliation: r.affiliation }));
}
