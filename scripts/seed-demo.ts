// `npm run seed:demo`: a clearly labelled demo process with one account per role and a
// representative for each default stakeholder category. Everything goes through the same domain
// functions as the app (validation, policy, audit log). It writes only into a database that has no
// account yet (whatever NODE_ENV says: a live workspace must never get accounts with a published
// password), never makes a demo account the administrator, and names the file it writes.
import { DEFAULT_CATEGORIES } from "../app/core/categories.js";
import type { Role } from "../app/core/roles.js";
import { countUsers, createAccount, normalizeEmail } from "../app/domain/accounts.server.js";
import type { Services } from "../app/domain/context.server.js";
import { DomainEventBus } from "../app/domain/events.server.js";
import { acceptInvitation, createInvitation } from "../app/domain/invitations.server.js";
import type { Outcome } from "../app/domain/input.server.js";
import { createProcess } from "../app/domain/processes.server.js";
import { createDocument, setDocumentVisibility } from "../app/domain/documents.server.js";
import { createActor } from "../app/domain/stakeholders/actors.server.js";
import { ConfigError, loadConfig } from "../server/config.js";
import { createDocumentPersistence } from "../server/collab-access.js";
import { signoffChecksFor } from "../app/domain/document-validation.server.js";
import { storedContentWriter } from "../server/content/stored-writer.js";
import { createDocumentCodec } from "../server/content/document-codec.js";
import { openStorage, StorageError } from "../server/storage.js";

const DEMO_TITLE = "[DEMO] Dialogue intercommunautaire de Ber, 2026";
const PASSWORD = "demo-only-password-2026";

const AFFILIATIONS: Record<(typeof DEFAULT_CATEGORIES)[number]["key"], string> = {
  customary_authorities: "Chefferie de Ber",
  religious_leaders: "Imams de Ber",
  youth: "Association des jeunes songhaï de Bourem",
  women: "Coopérative des femmes kunta",
  armed_movements: "Mouvement armé, secteur de Ber",
  local_administration: "Sous-préfecture de Ber",
  economic_actors: "Union des transporteurs de Tombouctou",
  civil_society: "Plateforme de la société civile de Ber",
  displaced_people: "Comité des déplacés de Ber",
};

/** The demo map's actors (fictional). */
const DEMO_ACTORS: {
  name: string;
  kind: "group" | "person";
  category?: string;
  community: string;
  functions: string[];
  illicit?: "alleged" | "established";
  influence: number;
  legitimacy: number;
  representedBy?: string;
}[] = [
  {
    name: "[DEMO] Chefferie de Ber",
    kind: "group",
    category: "customary_authorities",
    community: "Ber",
    functions: ["justice"],
    influence: 4,
    legitimacy: 4,
    representedBy: "customary_authorities",
  },
  {
    name: "[DEMO] Cadi de Ber",
    kind: "person",
    category: "religious_leaders",
    community: "Ber",
    functions: ["justice", "welfare"],
    influence: 3,
    legitimacy: 5,
    representedBy: "religious_leaders",
  },
  {
    name: "[DEMO] Milice d'autodéfense du fleuve",
    kind: "group",
    category: "armed_movements",
    community: "Songhaï du fleuve",
    functions: ["security"],
    illicit: "alleged",
    influence: 4,
    legitimacy: 2,
  },
  {
    name: "[DEMO] Escorte des convois de l'axe nord",
    kind: "group",
    community: "Arabes de Ber",
    functions: ["security", "livelihoods"],
    illicit: "established",
    influence: 5,
    legitimacy: 2,
  },
  {
    name: "[DEMO] Union des transporteurs",
    kind: "group",
    category: "economic_actors",
    community: "Tombouctou",
    functions: ["livelihoods", "services"],
    influence: 3,
    legitimacy: 3,
    representedBy: "economic_actors",
  },
  {
    name: "[DEMO] Coopérative des femmes kunta",
    kind: "group",
    category: "women",
    community: "Kunta",
    functions: ["welfare", "livelihoods"],
    influence: 2,
    legitimacy: 4,
    representedBy: "women",
  },
  {
    name: "[DEMO] Éleveurs transhumants peuls",
    kind: "group",
    category: "economic_actors",
    community: "Peul",
    functions: ["livelihoods"],
    influence: 2,
    legitimacy: 3,
  },
];

function unwrap<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`${what} failed: ${JSON.stringify(outcome.errors)}`);
  return outcome.value;
}

async function main() {
  if (process.env.NODE_ENV === "production") {
    console.error("seed:demo refuses to run with NODE_ENV=production: demo accounts have a published password.");
    process.exit(1);
  }
  const config = loadConfig();
  // The app's own storage: the SQLite file (DATABASE_PATH) or PostgreSQL (DATABASE_URL), migrated.
  const { sql, description: file } = await openStorage(config);
  const accounts = await countUsers(sql);
  if (accounts > 0) {
    console.error(
      `seed:demo refuses to write into ${file}: it already has ${accounts} account(s). ` +
        "The demo goes only into a new, empty database: set DATABASE_PATH to a new file (or DATABASE_URL to an empty database).",
    );
    await sql.close();
    process.exit(1);
  }
  console.log(`seed:demo: writing the demo into ${file}`);
  const documentContent = createDocumentPersistence(sql);
  const content = createDocumentCodec();
  const services: Services = {
    db: sql,
    config,
    events: new DomainEventBus(),
    documentContent,
    content,
    signoffChecks: signoffChecksFor({ db: sql, documentContent, content }),
    // Seeding opens no sign-off round, and no collab server runs in this script: nothing to freeze.
    collabLock: { freeze: () => Promise.reject(new Error("seed:demo runs no collab server")) },
    collabWrite: storedContentWriter(documentContent),
  };

  const logins: { email: string; role: string }[] = [];
  async function account(slug: string, displayName: string) {
    const email = normalizeEmail(`demo.${slug}@example.org`);
    const created = await createAccount(sql, config, { email, displayName: `[DEMO] ${displayName}`, password: PASSWORD, preferredLanguage: "fr" }, "demo");
    return { id: created.id, isAdmin: created.isAdmin, email };
  }

  const facilitator = await account("facilitator", "Aminata (facilitatrice)");
  logins.push({ email: facilitator.email, role: "facilitator" });
  const { id: processId } = unwrap(
    await createProcess(services, facilitator, {
      title: DEMO_TITLE,
      locality: "Ber",
      region: "Tombouctou",
      description: "Processus de démonstration. Aucune donnée réelle : toutes les personnes et organisations sont fictives.",
      languages: ["fr", "en"],
    }),
    "creating the demo process",
  );

  const categoryIds = new Map(
    (await sql.all<{ id: string; key: string }>("SELECT id, key FROM stakeholder_categories WHERE process_id = ?", processId)).map((c) => [c.key, c.id]),
  );
  const invite = async (slug: string, name: string, role: Role, categoryKey?: string, affiliation?: string) => {
    const user = await account(slug, name);
    const { token } = unwrap(
      await createInvitation(services, facilitator, processId, {
        role,
        categoryId: categoryKey ? categoryIds.get(categoryKey) : undefined,
        affiliation,
      }),
      `inviting ${slug}`,
    );
    unwrap(await acceptInvitation(services, user, token), `joining as ${slug}`);
    logins.push({ email: user.email, role: categoryKey ? `${role} (${categoryKey})` : role });
    return user;
  };

  await invite("mediator", "Ibrahim (médiateur)", "mediator");
  const analyst = await invite("analyst", "Fatoumata (analyste)", "analyst");
  await invite("observer", "Observateur", "observer");
  const representatives = new Map<string, string>();
  for (const category of DEFAULT_CATEGORIES) {
    const rep = await invite(
      `rep.${category.key.replaceAll("_", "-")}`,
      `${category.fr} (représentant)`,
      "representative",
      category.key,
      AFFILIATIONS[category.key],
    );
    representatives.set(category.key, rep.id);
  }
  // A small stakeholder map, fictional like everything here: governance providers with and without
  // anyone in the dialogue, so the map and its inclusion gaps have something to show.
  for (const a of DEMO_ACTORS) {
    unwrap(
      await createActor(services, analyst, processId, {
        name: a.name,
        kind: a.kind,
        categoryId: a.category ? categoryIds.get(a.category) : "",
        community: a.community,
        functions: a.functions,
        illicitLink: a.illicit ?? "none",
        illicitSource: a.illicit ? "Entretiens de l'équipe (fictifs)" : "",
        influence: String(a.influence),
        legitimacy: String(a.legitimacy),
        memberIds: a.representedBy ? [representatives.get(a.representedBy)!] : [],
      }),
      `adding the actor ${a.name}`,
    );
  }
  // Something to open at once: a roadmap and an agenda seeded from their templates.
  // The roadmap is shared with every member; the agenda stays the team's draft (the team layer).
  const roadmap = unwrap(
    await createDocument(services, facilitator, processId, { kind: "roadmap", title: "[DEMO] Feuille de route de Ber", template: "roadmap-anefis" }, "fr"),
    "creating the demo roadmap",
  );
  unwrap(await setDocumentVisibility(services, facilitator, processId, roadmap.id, { visibility: "shared" }), "sharing the demo roadmap");
  unwrap(
    await createDocument(
      services,
      facilitator,
      processId,
      { kind: "agenda", title: "[DEMO] Ordre du jour du dialogue", template: "local-dialogue-agenda" },
      "fr",
    ),
    "creating the demo agenda",
  );
  await sql.close();

  console.log(`Demo process created in ${file}: ${DEMO_TITLE}`);
  console.log(`Every demo account uses the password: ${PASSWORD}\n`);
  for (const { email, role } of logins) console.log(`  ${email.padEnd(48)} ${role}`);
  console.log("\nNo demo account is the administrator: the first person to sign up at /signup becomes it.");
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof StorageError) console.error(`Database error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
