// Test-only authorization for the collab server: who you are comes from headers a Node client can
// set. Never used by the real app (the integrator wires sessions and the policy).
import type { IncomingMessage } from "node:http";
import type { AuthorizeResult } from "../../server/collab/index.js";

export const TEST_ORIGIN = "http://app.test";

const COLORS = ["#d9480f", "#1971c2", "#2f9e44", "#9c36b5"];

/** `x-test-user: <id>` and `x-test-access: edit|read`; documents named missing* do not exist. */
export function decide(userId: string | undefined, access: string | undefined, documentId: string): AuthorizeResult {
  if (!userId) return { ok: false, status: 401 };
  if (documentId.startsWith("missing")) return { ok: false, status: 404 };
  if (userId.startsWith("stranger")) return { ok: false, status: 403 };
  const color = COLORS[userId.length % COLORS.length]!;
  return {
    ok: true,
    user: { id: userId, name: `User ${userId}`, role: access === "read" ? "observer" : "mediator", color },
    access: access === "read" ? "read" : "edit",
  };
}

export async function testAuthorize(req: IncomingMessage, documentId: string): Promise<AuthorizeResult> {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return decide(header("x-test-user"), header("x-test-access"), documentId);
}

export const isTestOrigin = (origin: string | undefined) => origin === TEST_ORIGIN;
