// Which strings the document page does without (issue 14, editor weight): the editing screen is the
// heaviest page, and a reader opening a document downloads the strings of its own screen only. The
// rest — sign-in and account pages, administration, the stakeholder register, members, invitations,
// the audit log — is a second chunk per language (generated/<language>-late.ts) that every other
// page loads with the first before hydrating, and that a client-side navigation away from a document
// waits for (root.tsx's clientLoader). late-strings.test.ts checks that no string the document page
// names is here.
import type { Messages } from "./translate.js";

/**
 * Namespaces moved to the late chunk, each with the keys it keeps in the early one: the process
 * layout's links ("stakeholders.title", "invitations.title") and the errors of server modules the
 * document page's actions reach (late-strings.test.ts lists them: an annotation thread's stakeholder
 * errors; the second factor's and recovery's, of the session checks). processErrors and templates
 * stay early whole for the same reason.
 */
export const LATE_NAMESPACES: Readonly<Record<string, readonly string[]>> = {
  stakeholders: ["title", "errors"],
  invitations: ["title"],
  secondFactor: ["errors"],
  recovery: ["errors"],
  auth: [],
  account: [],
  admin: [],
  members: [],
  roleHints: [],
  categoryPage: [],
  home: [],
  audit: [],
  auditActions: [],
  auditDetails: [],
};

/** Whether a key may be in the late chunk (the browser loads it when such a key is missing). */
export function mayBeLate(key: string): boolean {
  const [namespace, child] = key.split(".");
  const kept = LATE_NAMESPACES[namespace!];
  return kept !== undefined && !kept.includes(child!);
}

/** One language's messages, split into what the document page needs and the rest. */
export function splitMessages(all: Messages): { early: Messages; late: Messages } {
  const early: Record<string, string | Messages> = {};
  const late: Record<string, string | Messages> = {};
  for (const [namespace, value] of Object.entries(all)) {
    const kept = LATE_NAMESPACES[namespace];
    if (kept === undefined || typeof value === "string") {
      early[namespace] = value;
      continue;
    }
    const keptPart: Record<string, string | Messages> = {};
    const latePart: Record<string, string | Messages> = {};
    for (const [key, child] of Object.entries(value)) (kept.includes(key) ? keptPart : latePart)[key] = child;
    if (Object.keys(keptPart).length) early[namespace] = keptPart;
    if (Object.keys(latePart).length) late[namespace] = latePart;
  }
  return { early, late };
}
