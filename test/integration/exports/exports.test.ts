// Exports over the real app: real sessions and policy, real rounds and decisions, the real SQLite
// file; the files are opened as a reader's software would (pdftotext for PDF, LibreOffice for DOCX).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Anchor } from "../../../app/core/annotations/types.js";
import { canonicalVersionOf } from "../../../app/core/canonical.js";
import { createDocumentCodec } from "../../../server/content/document-codec.js";
import { addToDraft, writeValidDraft } from "../../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../../support/http.js";
import {
  auditCount,
  categoryId,
  createInvitationViaForm,
  createProcessViaForm,
  joinWithNewAccount,
  openDb,
  query,
  shareDocument,
} from "../../support/processes.js";
import { convertWithOffice, pdfText, poppler } from "../../support/readers.js";
import { startServer, type TestServer } from "../../support/server.js";
import { onPostgres, openTestDb } from "../../support/test-database.js";

let server: TestServer;
let processId: string;
let documentId: string;
let fac: HttpClient;
const members: Record<"analyst" | "mediator" | "representative" | "observer", HttpClient> = {} as never;
const dir = mkdtempSync(join(tmpdir(), "exports-"));

const SECRET_TEAM = "Note-équipe-confidentielle-7731";
const SHARED_NOTE = "Remarque partagée avec les parties";
const LATER_TEXT = "Ajout rédigé après le premier tour";
const page = () => `/processes/${processId}/documents/${documentId}`;
const exportUrl = (query: Record<string, string>) => `${page()}/export?${new URLSearchParams(query)}`;

/** Downloads an export, in French unless the query says otherwise (the panel always sends a language). */
async function download(client: HttpClient, q: Record<string, string>) {
  const res = await client.get(exportUrl({ lang: "fr", ...q }));
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, headers: res.headers };
}

let fileCount = 0;
/**
 * The text a reader's software shows: pdftotext for PDF, LibreOffice's text export for DOCX, the
 * file itself for Markdown; runs of white space as one space (lines wrap in table cells).
 */
function readerText(format: string, bytes: Buffer): string {
  return rawReaderText(format, bytes).replace(/\s+/g, " ");
}

function rawReaderText(format: string, bytes: Buffer): string {
  const base = join(dir, `file-${++fileCount}`);
  if (format === "md") return bytes.toString("utf8");
  if (format === "pdf" || format === "signatures") {
    writeFileSync(`${base}.pdf`, bytes);
    return pdfText(`${base}.pdf`);
  }
  writeFileSync(`${base}.docx`, bytes);
  convertWithOffice([`${base}.docx`], "txt:Text", dir);
  return readFileSync(`${base}.txt`, "utf8");
}

async function post(client: HttpClient, fields: Record<string, string | string[]>) {
  const res = await client.post(page(), fields);
  return { status: res.status, text: await res.text() };
}

const roundHash = (number: number) =>
  query<{ version_hash: string }>(server.dbPath, "SELECT version_hash FROM signoff_rounds WHERE document_id = ? AND number = ?", documentId, number)[0]!
    .version_hash;

async function annotate(client: HttpClient, visibility: "team" | "shared", body: string, anchor: Anchor) {
  const res = await client.post(`${page()}/annotations`, { intent: "create", type: "legitimacy", visibility, body, anchor: JSON.stringify(anchor) });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  fac = new HttpClient(server.url);
  await signUp(fac, { ...uniqueAccount("facilitator"), displayName: "Ibrahim Maïga" });
  processId = await createProcessViaForm(fac, { title: "Dialogue de Tessalit", locality: "Tessalit", region: "Kidal", languages: ["fr", "en"] });
  const youth = categoryId(server.dbPath, processId, "youth");
  for (const role of ["analyst", "mediator", "representative", "observer"] as const) {
    const extra = role === "representative" ? { categoryId: youth, affiliation: "Jeunes de Tessalit" } : {};
    const account = { ...uniqueAccount(role), displayName: role === "representative" ? "Aïcha Ag Alhousseini" : `${role} Touré` };
    members[role] = (await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role, ...extra }), account)).client;
  }
  const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Tessalit" });
  documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
  await writeValidDraft(server.url, fac, documentId, "roadmap");
  // A team note on the governance item, a shared one on the development item.
  await annotate(members.analyst, "team", SECRET_TEAM, { kind: "item", itemId: "item-governance", quote: "Administration intérimaire de Ber" });
  await annotate(fac, "shared", SHARED_NOTE, { kind: "item", itemId: "item-development", quote: "Réouverture du marché de Ber" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("exports", () => {
  it("gives the team the draft in each format, in the chosen language, named from the process, document and hash, audited", async () => {
    const before = auditCount(server.dbPath, "document.exported");
    const stored = canonicalVersionOf(
      query<{ update_blob: Buffer }>(server.dbPath, "SELECT update_blob FROM collab_updates WHERE document_id = ? ORDER BY seq", documentId).map(
        (r) => new Uint8Array(r.update_blob),
      ),
    ).hash;
    for (const format of ["md", "pdf", "docx"]) {
      const file = await download(fac, { version: "draft", format });
      expect(file.status, `${format}: ${file.bytes.toString("utf8").slice(0, 300)}`).toBe(200);
      expect(file.headers.get("content-disposition")).toBe(
        `attachment; filename="dialogue-de-tessalit-feuille-de-route-de-tessalit-draft-${stored.slice(0, 8)}.${format}"`,
      );
      const text = readerText(format, file.bytes);
      expect(text).toContain("Feuille de route de Tessalit");
      expect(text).toContain("Dialogue de Tessalit");
      expect(text).toContain("Administration intérimaire de Ber");
      expect(text).toContain("Réouverture du marché de Ber");
      expect(text).toContain("Comité de suivi de Ber");
      expect(text).toContain("Administration locale / État");
      expect(text).toContain("BROUILLON");
      expect(text.replace(/\s+/g, "")).toContain(stored);
      // No annotation unless asked for.
      expect(text).not.toContain(SECRET_TEAM);
      expect(text).not.toContain(SHARED_NOTE);
    }
    const english = readerText("md", (await download(fac, { version: "draft", format: "md", lang: "en" })).bytes);
    expect(english).toContain("DRAFT: this text may still change");
    expect(english).toContain("**Responsible parties:** Local administration / State; Comité de suivi de Ber");
    expect(english).toContain("**Domain:** Governance");
    expect(auditCount(server.dbPath, "document.exported")).toBe(before + 4);
    const last = query<{ actor_user_id: string; details: string }>(
      server.dbPath,
      "SELECT actor_user_id, details FROM audit_events WHERE action = 'document.exported' ORDER BY id DESC LIMIT 1",
    )[0]!;
    expect(JSON.parse(last.details)).toMatchObject({ format: "md", version: "draft", hash: stored, notes: false, language: "en" });
  });

  it("puts the team's annotations only in an internal export the team asks for: comments in DOCX, notes in PDF and Markdown", async () => {
    for (const [client, format] of [
      [fac, "docx"],
      [members.analyst, "pdf"],
      [members.mediator, "md"],
    ] as const) {
      const file = await download(client, { version: "draft", format, notes: "1" });
      expect(file.status).toBe(200);
      expect(file.headers.get("content-disposition")).toContain("-internal.");
      const text = format === "docx" ? execDocxComments(file.bytes) : readerText(format, file.bytes);
      expect(text).toContain(SECRET_TEAM);
      expect(text).toContain(SHARED_NOTE);
      if (format === "md") {
        // Each note sits with the item it points at (the team's on item 1, the shared one on item 2).
        const item1 = text.indexOf("### 1. Administration intérimaire de Ber");
        const item2 = text.indexOf("### 2. Réouverture du marché de Ber");
        expect(item1).toBeGreaterThan(0);
        expect(text.indexOf(SECRET_TEAM)).toBeGreaterThan(item1);
        expect(text.indexOf(SECRET_TEAM)).toBeLessThan(item2);
        expect(text.indexOf(SHARED_NOTE)).toBeGreaterThan(item2);
        expect(text).not.toContain("Autres annotations");
      }
    }
  });

  it("refuses a team draft to representatives and observers as an unknown document (404)", async () => {
    for (const client of [members.representative, members.observer]) {
      expect((await download(client, { version: "draft", format: "pdf" })).status).toBe(404);
    }
  });

  it("exports each round's frozen version from its stored snapshot, never from the live draft, with its sign-off record and signature sheet", async () => {
    await shareDocument(fac, processId, documentId);
    const youth = categoryId(server.dbPath, processId, "youth");
    expect((await post(fac, { intent: "open", categoryIds: [youth] })).status).toBe(200);
    const hash1 = roundHash(1);
    expect(
      (await post(members.representative, { intent: "decide", decision: "object", reason: "Les jeunes de Tessalit ne sont pas nommés", versionHash: hash1 }))
        .status,
    ).toBe(200);
    expect((await post(fac, { intent: "reopen", reason: "Reprendre l'article sur les jeunes" })).status).toBe(200);
    // The draft moves on after round 1.
    await addToDraft(server.url, fac, documentId, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: LATER_TEXT }] }] });
    const round1 = readerText("pdf", (await download(fac, { version: "round-1", format: "pdf" })).bytes);
    expect(round1.replace(/\s+/g, "")).toContain(hash1);
    expect(round1).toContain("Administration intérimaire de Ber");
    expect(round1).not.toContain(LATER_TEXT);
    expect(round1).toContain("Registre de validation");
    expect(round1).toContain("Aïcha Ag Alhousseini");
    expect(round1).toContain("Les jeunes de Tessalit ne sont pas nommés");
    expect(round1).toContain("Reprendre l'article sur les jeunes");
    const draft = readerText("md", (await download(fac, { version: "draft", format: "md" })).bytes);
    expect(draft).toContain(LATER_TEXT);

    expect((await post(fac, { intent: "open", categoryIds: [youth] })).status).toBe(200);
    const hash2 = roundHash(2);
    expect(hash2).not.toBe(hash1);
    // No draft while the text is frozen: the current text is round 2's version.
    expect((await download(fac, { version: "draft", format: "md" })).status).toBe(404);
    const sheet = await download(fac, { version: "round-2", format: "signatures" });
    expect(sheet.status).toBe(200);
    writeFileSync(join(dir, "sheet.pdf"), sheet.bytes);
    const info = poppler("pdfinfo", join(dir, "sheet.pdf"));
    expect(info).toMatch(/Pages:\s+1\n/); // one required category: one page
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const sheetText = readerText("signatures", sheet.bytes);
    expect(sheetText).toContain("Jeunes");
    expect(sheetText).toContain(`${hash2.slice(0, 4)} ${hash2.slice(4, 8)} ${hash2.slice(8, 12)} ${hash2.slice(12, 16)}`);
    expect((await download(fac, { version: "draft", format: "signatures" })).status).toBe(404);
  });

  it("lets every reader download the adopted version as PDF, and nothing else; never a team annotation in what they can get", async () => {
    const hash2 = roundHash(2);
    // Representatives and observers get nothing before adoption.
    for (const client of [members.representative, members.observer]) {
      expect((await download(client, { version: "round-2", format: "pdf" })).status).toBe(403);
    }
    expect((await post(members.representative, { intent: "decide", decision: "approve", versionHash: hash2 })).status).toBe(200);
    const latest = String(query<{ id: number }>(server.dbPath, "SELECT MAX(id) AS id FROM signoff_decisions")[0]!.id);
    expect((await post(fac, { intent: "adopt", versionHash: hash2, decisionsSeen: latest })).status, "adoption").toBe(200);

    for (const client of [members.representative, members.observer]) {
      const file = await download(client, { version: "adopted", format: "pdf" });
      expect(file.status).toBe(200);
      const text = readerText("pdf", file.bytes);
      expect(text.replace(/\s+/g, "")).toContain(hash2);
      expect(text).toContain("Version adoptée au tour de validation 2");
      expect(text).toContain(LATER_TEXT);
      expect(text).toContain("Aïcha Ag Alhousseini");
      // Every other combination is refused, and no answer carries a byte of team material.
      for (const version of ["adopted", "round-1", "round-2", "draft"]) {
        for (const format of ["pdf", "docx", "md", "signatures"]) {
          for (const notes of ["", "1"]) {
            const answer = await download(client, { version, format, ...(notes ? { notes } : {}) });
            const allowed = (version === "adopted" || version === "round-2") && format === "pdf" && !notes;
            expect(answer.status === 200, `${version} ${format} notes=${notes}: ${answer.status}`).toBe(allowed);
            expect(answer.bytes.includes(Buffer.from(SECRET_TEAM))).toBe(false);
            if (answer.status === 200) expect(readerText(format, answer.bytes)).not.toContain(SECRET_TEAM);
          }
        }
      }
    }
    // The team still gets the adopted version in every format, and its internal export.
    const internal = readerText("md", (await download(members.analyst, { version: "adopted", format: "md", notes: "1" })).bytes);
    expect(internal).toContain(SECRET_TEAM);
    expect(internal).toContain("Registre de validation");
  });

  it("refuses bad requests with a clear message in the reader's language, and exports nothing", async () => {
    const before = auditCount(server.dbPath, "document.exported");
    const bad = await download(fac, { version: "round-9", format: "pdf" });
    expect(bad.status).toBe(404);
    expect(bad.bytes.toString("utf8")).toContain("This version does not exist for this document");
    const format = await fac.get(exportUrl({ version: "adopted", format: "exe" }), { headers: { "accept-language": "fr" } });
    expect(format.status).toBe(400);
    expect(await format.text()).toMatch(/Choose a format from the list|Choisissez un format dans la liste/);
    expect((await download(fac, { version: "adopted", format: "pdf", lang: "de" })).status).toBe(400);
    expect(auditCount(server.dbPath, "document.exported")).toBe(before);
  });

  it("refuses to export a round's version whose stored snapshot no longer matches its hash", async () => {
    const before = auditCount(server.dbPath, "document.exported");
    // Storage changed by other means than the app (the trigger that forbids it is removed first).
    const db = openTestDb(server.dbPath);
    const other = new Y.Doc();
    Y.applyUpdate(other, createDocumentCodec().encode({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Texte substitué" }] }] }));
    db.exec(onPostgres ? "DROP TRIGGER signoff_rounds_immutable ON signoff_rounds" : "DROP TRIGGER signoff_rounds_immutable");
    db.prepare("UPDATE signoff_rounds SET snapshot = ? WHERE document_id = ? AND number = 1").run(Y.encodeStateAsUpdate(other), documentId);
    db.close();
    const res = await download(fac, { version: "round-1", format: "pdf" });
    expect(res.status).toBe(409);
    expect(res.bytes.toString("utf8")).toContain("no longer matches its fingerprint");
    expect(auditCount(server.dbPath, "document.exported")).toBe(before);
  });
});

/** The comments of a DOCX as LibreOffice shows them: its text export has no comments, so convert to HTML. */
function execDocxComments(bytes: Buffer): string {
  const base = join(dir, `comments-${++fileCount}`);
  writeFileSync(`${base}.docx`, bytes);
  convertWithOffice([`${base}.docx`], "html", dir);
  return readFileSync(`${base}.html`, "utf8");
}
