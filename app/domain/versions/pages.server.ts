// What the versions page shows: one stored version worded for reading, and the comparison of two,
// both from stored versions (the current draft as stored, for the team) and never from a client.
import { canonicalVersionOf } from "../../core/canonical.js";
import type { Language } from "../../core/languages.js";
import { documentFacts } from "../../core/policy.js";
import { compareVersions } from "../../core/versions/compare.js";
import type { Comparison, VersionSummary } from "../../core/versions/types.js";
import type { ProcessAccess } from "../access.server.js";
import { listCategories } from "../categories.server.js";
import type { Services } from "../context.server.js";
import { toEditorCategories } from "../document-validation.server.js";
import type { DocumentRecord } from "../documents.server.js";
import { buildExportModel } from "../exports/build.server.js";
import type { Part } from "../exports/model.js";
import { getProcess } from "../processes.server.js";
import { readStoredState } from "../../storage/collab-store.server.js";
import { readVersion } from "./store.server.js";

/** The current draft as stored, offered to the team as the later side of a comparison. */
export const CURRENT_KEY = "current";

interface Side {
  summary: VersionSummary | null;
  state: Uint8Array;
  canonical: string;
}

/** A version this member may read, or null (unknown key, another document's, or not theirs to read). */
async function side(services: Pick<Services, "db">, access: Pick<ProcessAccess, "can">, document: DocumentRecord, key: string): Promise<Side | null> {
  const facts = documentFacts(document);
  if (key === CURRENT_KEY) {
    // The live text's working states are the team's (like automatic versions).
    if (!access.can("version.read", { ...facts, versionKind: "auto" })) return null;
    const merged = canonicalVersionOf(await services.db.transaction(async (tx) => (await readStoredState(tx, document.id)).updates));
    return { summary: null, state: merged.state, canonical: merged.canonical };
  }
  const version = await readVersion(services.db, document, key);
  if (!version || !access.can("version.read", { ...facts, versionKind: version.summary.kind })) return null;
  return { summary: version.summary, state: version.state, canonical: version.canonical };
}

export async function versionView(
  services: Pick<Services, "db" | "content">,
  access: Pick<ProcessAccess, "can">,
  document: DocumentRecord,
  key: string,
  language: Language,
): Promise<{ summary: VersionSummary; parts: Part[]; reading: ReturnType<Services["content"]["read"]> } | null> {
  const version = key === CURRENT_KEY ? null : await side(services, access, document, key);
  if (!version?.summary) return null;
  const { db } = services;
  const process = (await getProcess(db, document.processId))!;
  const reading = services.content.read([version.state]);
  const model = buildExportModel({
    language,
    format: "pdf",
    process,
    document,
    version: { kind: version.summary.kind === "adopted" ? "adopted" : "frozen", round: null, hash: version.summary.hash },
    json: reading.json,
    categories: toEditorCategories(await listCategories(db, document.processId)),
    // The page shows the text only: no round, so no sign-off record is built.
    rounds: [],
    notes: null,
    now: Date.now(),
  });
  return { summary: version.summary, parts: model.parts, reading };
}

export async function versionComparison(
  services: Pick<Services, "db">,
  access: Pick<ProcessAccess, "can">,
  document: DocumentRecord,
  fromKey: string,
  toKey: string,
): Promise<{ from: VersionSummary | null; to: VersionSummary | null; comparison: Comparison } | null> {
  const from = await side(services, access, document, fromKey);
  const to = await side(services, access, document, toKey);
  if (!from || !to) return null;
  return {
    // The current draft has no summary (null); the page names it.
    from: from.summary,
    to: to.summary,
    comparison: compareVersions(JSON.parse(from.canonical), JSON.parse(to.canonical)),
  };
}
