// The product's side of the collab server: who may open a document over the WebSocket, and
// with which rights. Sessions, membership and THE policy decide; the collab server only asks.
import type { IncomingMessage } from "node:http";
import type { Services } from "../app/domain/context.server.js";
import { actorFor, getMembership } from "../app/domain/access.server.js";
import { documentEditMarker, getDocument } from "../app/domain/documents.server.js";
import { collabAccess } from "../app/core/policy.js";
import { colorFor } from "../app/core/colors.js";
import { expectedOrigin } from "./http/security.js";
import { authenticateRequest } from "./http/session.js";
import type { AuthorizeResult, CollabPersistence, CollabServer } from "./collab/index.js";
import { CLOSE, createCollabServer, createSqlitePersistence, encodeChanged } from "./collab/index.js";
import { listDocuments } from "../app/domain/documents.server.js";
import { log } from "./http/logging.js";
import type { UpdateRow } from "./collab/persistence.js";

function decide(services: Services, user: { id: string; isAdmin: boolean; displayName: string }, documentId: string): AuthorizeResult {
  const document = getDocument(services.db, documentId);
  // Unknown document and "not yours" answer the same: a document's existence does not leak.
  if (!document) return { ok: false, status: 404 };
  const membership = getMembership(services.db, document.processId, user.id);
  if (!membership) return { ok: false, status: 404 };
  const access = collabAccess(actorFor(user, membership), { archived: membership.archived, documentStatus: document.status });
  if (access === "none") return { ok: false, status: 404 };
  return { ok: true, access, user: { id: user.id, name: user.displayName, role: membership.role, color: colorFor(user.id) } };
}

export function createCollabAccess(services: Services) {
  const { db, config } = services;
  const selectUser = db.prepare<[string], { id: string; display_name: string; is_admin: number; disabled_at: number | null }>(
    "SELECT id, display_name, is_admin, disabled_at FROM users WHERE id = ?",
  );
  return {
    isOriginAllowed(origin: string | undefined, req: IncomingMessage): boolean {
      const expected = expectedOrigin(config, { headers: req.headers });
      return !!origin && !!expected && origin.toLowerCase() === expected;
    },
    async authorize(req: IncomingMessage, documentId: string): Promise<AuthorizeResult> {
      const session = authenticateRequest(db, req.headers.cookie);
      if (!session) return { ok: false, status: 401 };
      const result = decide(services, session.auth.user, documentId);
      return result.ok ? { ...result, user: { ...result.user, sessionId: session.auth.session.id } } : result;
    },
    async reauthorize(userId: string, documentId: string): Promise<AuthorizeResult> {
      const row = selectUser.get(userId);
      if (!row || row.disabled_at !== null) return { ok: false, status: 401 };
      return decide(services, { id: row.id, isAdmin: row.is_admin === 1, displayName: row.display_name }, documentId);
    },
  };
}

/** SQLite storage for collab documents that also keeps "last edited by/at" in the same transaction. */
export function createDocumentPersistence(db: Services["db"]): CollabPersistence {
  // Prepared once: it runs in every commit of the collab server.
  const markEdited = documentEditMarker(db);
  return createSqlitePersistence(db, {
    onAppend(rows: UpdateRow[]) {
      const now = Date.now();
      const last = new Map<string, string>();
      for (const row of rows) if (row.userId) last.set(row.documentId, row.userId);
      for (const [documentId, userId] of last) markEdited(documentId, userId, now);
    },
  });
}

/**
 * The collab server of the app: authorized by sessions + membership + the policy, storing into
 * the documents' SQLite tables, and following every change of rights at once (domain events).
 */
export function createAppCollab(services: Services, persistence: CollabPersistence): CollabServer {
  const { db, events } = services;
  const access = createCollabAccess(services);
  const collab = createCollabServer({
    persistence,
    isOriginAllowed: access.isOriginAllowed,
    authorize: access.authorize,
    reauthorize: access.reauthorize,
  });
  // Sign-off freezes a text: every live connection becomes read-only and what they already sent
  // is committed before the round snapshots the stored state.
  services.collabLock = {
    async freeze(documentId) {
      collab.setAccess({ documentId }, "read");
      await collab.flush();
    },
  };
  // Rights change → live connections follow at once (closed or downgraded), not at next reload.
  const revalidate = (filter: { userId?: string; documentId?: string }) =>
    void collab.revalidate(filter).catch((error: Error) => log("error", "collab revalidate failed", { error: error.message }));
  events.on("membership.changed", ({ userId }) => revalidate({ userId }));
  events.on("process.changed", ({ processId }) => {
    for (const document of listDocuments(db, processId)) revalidate({ documentId: document.id });
  });
  // A status or sign-off change: rights are re-decided, and every open page of the document is
  // told to reload its data (the sign-off panel follows decisions live).
  events.on("document.changed", ({ documentId }) => {
    revalidate({ documentId });
    collab.broadcast({ documentId }, encodeChanged());
  });
  events.on("user.sessions_ended", ({ userId, exceptSessionId }) =>
    collab.disconnect({ userId, exceptSessionId }, CLOSE.UNAUTHORIZED, "signed out"),
  );
  return collab;
}
