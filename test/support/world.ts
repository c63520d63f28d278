// A process with one member of every role, joined through real invitations: the setup most
// integration suites start from.
import { HttpClient } from "./http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, signUp, uniqueAccount, userId } from "./processes.js";
import type { TestServer } from "./server.js";

export type MemberRole = "mediator" | "analyst" | "representative" | "observer";

export interface Member {
  client: HttpClient;
  email: string;
  userId: string;
}

export interface ProcessWorld {
  processId: string;
  facilitator: Member;
  members: Record<MemberRole, Member>;
}

export async function processWithEveryRole(
  server: TestServer,
  options: { title?: string; representativeCategory?: string; representativeAffiliation?: string } = {},
): Promise<ProcessWorld> {
  const client = new HttpClient(server.url);
  const account = uniqueAccount("facilitator");
  await signUp(client, account);
  const processId = await createProcessViaForm(client, { title: options.title ?? "Dialogue de Ber" });
  const category = categoryId(server.dbPath, processId, options.representativeCategory ?? "youth");
  const members = {} as ProcessWorld["members"];
  for (const role of ["mediator", "analyst", "representative", "observer"] as const) {
    const extra = role === "representative" ? { categoryId: category, affiliation: options.representativeAffiliation ?? "Jeunes de Ber" } : {};
    const joined = await joinWithNewAccount(server.url, await createInvitationViaForm(client, processId, { role, ...extra }), uniqueAccount(role));
    members[role] = { client: joined.client, email: joined.account.email, userId: userId(server.dbPath, joined.account.email) };
  }
  return { processId, facilitator: { client, email: account.email, userId: userId(server.dbPath, account.email) }, members };
}

/** One more representative of a category (by its key), with a community or affiliation. */
export async function addRepresentative(server: TestServer, world: ProcessWorld, categoryKey: string, affiliation: string): Promise<Member> {
  const category = categoryId(server.dbPath, world.processId, categoryKey);
  const token = await createInvitationViaForm(world.facilitator.client, world.processId, { role: "representative", categoryId: category, affiliation });
  const joined = await joinWithNewAccount(server.url, token, uniqueAccount("rep"));
  return { client: joined.client, email: joined.account.email, userId: userId(server.dbPath, joined.account.email) };
}
