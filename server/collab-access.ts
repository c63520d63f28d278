// The product's side of the collab server: who may open a document over the WebSocket, and
// with which rights. Sessions, membership and THE policy decide; the collab server only asks.
import type { IncomingMessage } from "node:http";
import type { Services } from "../app/domain/context.server.js";
import { actorFor, getMembership, type UserRef } from "../app/domain/access.server.js";
import { getDocument } from "../app/domain/documents.server.js";
import { collabAccess, documentFacts } from "../app/core/policy.js";
import { colorFor } from "../app/core/colors.js";
import { isSameOrigin } from "./http/security.js";
import { getAccount } from "../app/domain/accounts.server.js";
import { isSessionLive } from "../app/domain/sessions.server.js";
import { mustSetUpSecondFactor } from "../app/domain/second-factor.server.js";
import { authenticateRequest } from "./http/session.js";
import type { AuthorizeResult, CollabPersistence, CollabServer } from "./collab/index.js";
import { CLOSE, createCollabServer, encodeChanged } from "./collab/index.js";
import { createSqlitePersistence } from "../app/storage/collab-store.server.js";
import { createPostgresPersistence } from "../app/storage/collab-store-postgres.server.js";
import type { QueryLayer } from "../app/storage/sql.server.js";
import { listDocuments } from "../app/domain/documents.server.js";
import { log } from "./http/logging.js";
import type { UpdateRow } from "../app/storage/collab-store.server.js";
import { readOnlyReasonOf } from "../app/domain/read-only.server.js";
import { documentStructure } from "./content/document-structure.js";
import { allThreadsFrame, connectAnnotations } from "./annotations-channel.js";
import { createAnchorRefresher } from "./annotation-anchors.js";
import { createAutoVersioner } from "./auto-versions.js";
import { replaceContent, updateContent } from "./content/document-codec.js";
import type { DocumentJson } from "../app/core/schema/index.js";
import type { Fanout } from "./fanout/fanout.js";

async function decide(services: Services, user: UserRef & { displayName: string }, documentId: string): Promise<AuthorizeResult> {
  // A second factor required of this person and not set up: no document opens, as no page does.
  if (await mustSetUpSecondFactor(services.db, user.id)) return { ok: false, status: 403 };
  const document = await getDocument(services.db, documentId);
  // Unknown document and "not yours" answer the same: a document's existence does not leak.
  if (!document) return { ok: false, status: 404 };
  const membership = await getMembership(services.db, document.processId, user.id);
  if (!membership) return { ok: false, status: 404 };
  const actor = actorFor(user, membership);
  const access = collabAccess(actor, { archived: membership.archived, ...documentFacts(document) });
  if (access === "none") return { ok: false, status: 404 };
  // The client is told why it reads only (a text frozen for sign-off, since when; a role), so it can
  // say so and, when frozen, show exactly the frozen text.
  const reason = access === "read" ? await readOnlyReasonOf(services.db, actor, document, membership.archived) : null;
  return { ok: true, access, reason, user: { id: user.id, name: user.displayName, role: membership.role, color: colorFor(user.id) } };
}

export function createCollabAccess(services: Services) {
  const { db, config } = services;
  return {
    // The same rule as every form POST (server/http/security.ts).
    isOriginAllowed: (_origin: string | undefined, req: IncomingMessage): boolean => isSameOrigin(config, { headers: req.headers }),
    async authorize(req: IncomingMessage, documentId: string): Promise<AuthorizeResult> {
      const session = await authenticateRequest(db, req.headers.cookie);
      if (!session) return { ok: false, status: 401 };
      const result = await decide(services, session.auth.user, documentId);
      return result.ok ? { ...result, user: { ...result.user, sessionId: session.auth.session.id } } : result;
    },
    async reauthorize(user: { id: string; sessionId?: string }, documentId: string): Promise<AuthorizeResult> {
      // The session that opened the socket must still be live: an expired or ended session does
      // not keep a socket open (ended sessions are also closed at once on user.sessions_ended).
      if (user.sessionId !== undefined && !(await isSessionLive(db, user.sessionId, user.id))) return { ok: false, status: 401 };
      const account = await getAccount(db, user.id);
      if (!account || account.disabledAt !== null) return { ok: false, status: 401 };
      return decide(services, account, documentId);
    },
  };
}

/** Storage for collab documents, on the query layer's engine, that also keeps "last edited by/at" in the same transaction. */
export function createDocumentPersistence(sql: QueryLayer): CollabPersistence {
  if (sql.pool) {
    const pool = sql.pool;
    return createPostgresPersistence(pool, {
      async onAppend(client, rows) {
        const now = Date.now();
        for (const [documentId, userId] of lastEditors(rows)) {
          await client.query("UPDATE documents SET last_edited_by = $1, last_edited_at = $2, updated_at = $3 WHERE id = $4", [userId, now, now, documentId]);
        }
      },
    });
  }
  const db = sql.sqlite!;
  // "Last edited by/at" in the transaction that stores a user's text updates, at no extra fsync;
  // prepared once: it runs in every commit of the collab server.
  const markEdited = db.prepare("UPDATE documents SET last_edited_by = ?, last_edited_at = ?, updated_at = ? WHERE id = ?");
  return createSqlitePersistence(db, {
    onAppend(rows: UpdateRow[]) {
      const now = Date.now();
      for (const [documentId, userId] of lastEditors(rows)) markEdited.run(userId, now, now, documentId);
    },
    // A commit never lands inside a domain transaction that holds the connection (ADR 039).
    serialize: (work) => sql.exclusive(() => work()),
  });
}

/** Each document's last writing user in a batch of stored updates (server-side writes have none). */
function lastEditors(rows: UpdateRow[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const row of rows) if (row.userId) last.set(row.documentId, row.userId);
  return last;
}

/**
 * The collab server of the app: authorized by sessions + membership + the policy, storing into
 * the documents' SQLite tables, and following every change of rights at once (domain events).
 */
export interface AppCollabOptions {
  /** Re-decide every live connection this often (a session also simply expires, with no event). */
  sessionSweepMs?: number;
  /** Other instances serving the same database (REDIS_URL): see server/collab/instances.ts. */
  fanout?: Fanout;
}

export function createAppCollab(
  services: Services,
  persistence: CollabPersistence,
  { sessionSweepMs = 10 * 60_000, fanout }: AppCollabOptions = {},
): CollabServer {
  const { db, events, config } = services;
  const access = createCollabAccess(services);
  // Stored text → the annotation anchors are refreshed once the document goes quiet.
  const anchors = createAnchorRefresher(services);
  // Stored text → an automatic version once the document's editing session goes quiet.
  const autoVersions = createAutoVersioner(db, config.autoVersionQuietMs);
  const collab = createCollabServer({
    persistence: {
      load: (id, afterSeq) => persistence.load(id, afterSeq),
      compact: (id, snapshot, upto) => persistence.compact(id, snapshot, upto),
      heads: persistence.heads && ((ids) => persistence.heads!(ids)),
      async append(rows) {
        const seqs = await persistence.append(rows);
        const touched = new Set(rows.map((r) => r.documentId));
        anchors.touched(touched);
        autoVersions.touched(touched);
        return seqs;
      },
    },
    compactEvery: config.collabCompactEvery,
    isOriginAllowed: access.isOriginAllowed,
    authorize: access.authorize,
    reauthorize: access.reauthorize,
    // Every update is checked against the shared editor schema before it is applied or stored.
    structure: documentStructure(),
    // The annotation threads this member may read, at connect and whenever their rights change.
    // Read from the database (asynchronously): a connection closed meanwhile drops the frame.
    onConnectionReady: (peer, why) => {
      allThreadsFrame(db, peer, why)
        .then((frame) => frame && peer.send(frame))
        .catch((error: Error) => log("error", "annotations frame failed", { document: peer.documentId, error: error.message }));
    },
    fanout,
  });
  const stopAnnotations = connectAnnotations(services, collab);
  // Sign-off freezes a text: every live connection becomes read-only ("being frozen") and what they
  // already sent is committed before the round snapshots the stored state.
  // With several instances the event reaches the others' editors too; theirs are not waited for:
  // an update of theirs that reaches storage after the round opened is refused by the text lock
  // (the database's triggers), and that instance reloads the document.
  // The event's listener below runs here at once (emit is synchronous), and on the others.
  services.collabLock = {
    async freeze(documentId) {
      events.emit("document.freezing", { documentId });
      await collab.flush();
    },
  };
  events.on("document.freezing", ({ documentId }) => {
    collab.setAccess({ documentId }, "read", { kind: "freezing" });
    void collab.flush();
  });
  // A facilitator's restore goes through the loaded document: stored first, then every open page
  // receives it like anyone's edit.
  services.collabWrite = {
    replaceContent: (documentId, author, json) => collab.applyChange(documentId, author, (doc) => replaceContent(doc, json as DocumentJson)),
    updateContent: (documentId, author, json) => collab.applyChange(documentId, author, (doc) => updateContent(doc, json as DocumentJson)),
  };
  // Rights change → live connections follow at once (closed or downgraded), not at next reload.
  const revalidate = (filter: { userId?: string; documentId?: string }) =>
    void collab.revalidate(filter).catch((error: Error) => log("error", "collab revalidate failed", { error: error.message }));
  events.on("membership.changed", ({ userId }) => revalidate({ userId }));
  // The administrator required a second factor for some roles: whoever now lacks one is closed.
  events.on("instance.access_changed", () => revalidate({}));
  events.on("process.changed", ({ processId }) => {
    listDocuments(db, processId)
      .then((documents) => {
        for (const document of documents) revalidate({ documentId: document.id });
      })
      .catch((error: Error) => log("error", "collab revalidate failed", { error: error.message }));
  });
  // A status or sign-off change: rights are re-decided, and every open page of the document is
  // told to reload its data (the sign-off panel follows decisions live).
  events.on("document.changed", ({ documentId }) => {
    revalidate({ documentId });
    collab.broadcast({ documentId }, encodeChanged());
  });
  events.on("user.sessions_ended", ({ userId, exceptSessionId }) => collab.disconnect({ userId, exceptSessionId }, CLOSE.UNAUTHORIZED, "signed out"));
  events.on("session.ended", ({ userId, sessionId }) => collab.disconnect({ userId, sessionId }, CLOSE.UNAUTHORIZED, "signed out"));
  // A session also simply expires, with no event: every live connection is re-decided now and
  // then, so a socket never outlives the session that opened it by more than this.
  const sweep = setInterval(() => revalidate({}), sessionSweepMs);
  sweep.unref();
  const close = collab.close.bind(collab);
  collab.close = async () => {
    clearInterval(sweep);
    stopAnnotations();
    anchors.stop();
    autoVersions.stop();
    await close();
  };
  return collab;
}
