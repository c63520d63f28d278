// The Documents tab and the confirmation before revoking an invitation, against the real app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../app/core/i18n/index.js";
import { createInvitationViaForm, query, shareDocument } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { processWithEveryRole, type ProcessWorld } from "../support/world.js";

const en = createI18n("en").t;
let server: TestServer;
let w: ProcessWorld;

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  w = await processWithEveryRole(server, { title: "Dialogue de Ber" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function newDocument(title: string): Promise<string> {
  const res = await w.facilitator.client.post(`/processes/${w.processId}/documents/new`, { kind: "agenda", title, template: "blank" });
  expect(res.status).toBe(302);
  return /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
}

describe("the Documents tab", () => {
  it("is in every member's process navigation and lists the documents they may read: a team draft only for the team", async () => {
    const shared = await newDocument("Ordre du jour partagé");
    await shareDocument(w.facilitator.client, w.processId, shared);
    await newDocument("Brouillon de l'équipe");
    const path = `/processes/${w.processId}/documents`;
    for (const role of ["mediator", "analyst", "representative", "observer"] as const) {
      const overview = await (await w.members[role].client.get(`/processes/${w.processId}`)).text();
      expect(overview, role).toContain(`href="${path}"`);
      const res = await w.members[role].client.get(path);
      expect(res.status, role).toBe(200);
      const page = await res.text();
      expect(page, role).toContain("Ordre du jour partagé");
      if (role === "representative" || role === "observer") expect(page, role).not.toContain("Brouillon de l");
      else expect(page, role).toContain("Brouillon de l");
    }
    // Those who may create see the button; an observer does not.
    expect(await (await w.facilitator.client.get(path)).text()).toContain(`href="${path}/new"`);
    expect(await (await w.members.observer.client.get(path)).text()).not.toContain(`href="${path}/new"`);
  });

  it("stays the current tab inside a document and on its versions", async () => {
    const id = await newDocument("Ordre du jour de la rencontre");
    const path = `/processes/${w.processId}/documents`;
    const current = /<a[^>]*aria-current="page"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*aria-current="page"/;
    for (const page of [`${path}/${id}`, `${path}/${id}/versions`, path]) {
      const html = await (await w.facilitator.client.get(page)).text();
      const match = current.exec(html);
      expect(match?.[1] ?? match?.[2], page).toBe(path);
    }
  });
});

describe("revoking an invitation", () => {
  it("asks to confirm in the page, and the confirmed form revokes it", async () => {
    const token = await createInvitationViaForm(w.facilitator.client, w.processId, { role: "observer" });
    const page = await (await w.facilitator.client.get(`/processes/${w.processId}/invitations`)).text();
    expect(page).toContain(en("invitations.revokeConfirm").replace(/'/g, "&#x27;"));
    const id = query<{ id: string }>(
      server.dbPath,
      "SELECT id FROM invitations WHERE process_id = ? AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1",
      w.processId,
    )[0]!.id;
    const res = await w.facilitator.client.post(`/processes/${w.processId}/invitations`, { intent: "revoke", invitationId: id });
    expect(res.status).toBe(200);
    expect(query<{ revoked_at: string | null }>(server.dbPath, "SELECT revoked_at FROM invitations WHERE id = ?", id)[0]!.revoked_at).not.toBeNull();
    expect(token).toBeTruthy();
  });
});
