// The domain's real parts over an in-memory SQLite database, for the domain's own tests beside the
// code: the real configuration loader (safe defaults + a few variables, as the server builds it),
// the real migrations, the real collab storage and content codec. The collab server itself is not
// running: each test says what freezing, sign-off checks and events do. Lives under test/ so that
// app/domain imports nothing from server/ (docs/decisions/036-storage-boundary.md).
import { loadConfig } from "../../server/config.js";
import { createDocumentCodec } from "../../server/content/document-codec.js";
import { storedContentWriter } from "../../server/content/stored-writer.js";
import { createSqlitePersistence } from "../../app/storage/collab-store.server.js";
import { createPostgresPersistence } from "../../app/storage/collab-store-postgres.server.js";
import { openDatabase, type Db } from "../../app/storage/database.server.js";
import { QueryLayer } from "../../app/storage/sql.server.js";
import { migrate, MIGRATIONS_DIR } from "../../app/storage/migrate.server.js";
import type { Services } from "../../app/domain/context.server.js";
import { createAccount } from "../../app/domain/accounts.server.js";
import { DomainEventBus } from "../../app/domain/events.server.js";
import { signoffChecksFor } from "../../app/domain/document-validation.server.js";

export const testConfig = loadConfig({ HOST: "127.0.0.1", DATABASE_PATH: ":memory:", OPEN_SIGNUP: "true", NODE_ENV: "test" });

/** A migrated database: in memory, or in a file when the test needs one (WAL, a second connection). */
export function migratedDatabase(path = ":memory:"): Db {
  const db = openDatabase(path);
  migrate(db, MIGRATIONS_DIR);
  return db;
}

/** The query layer over a migrated database (the same one for the same handle). */
export function migratedSql(path = ":memory:"): QueryLayer {
  return QueryLayer.sqlite(migratedDatabase(path));
}

/**
 * The services the server builds, over `db` (the raw handle, or its query layer on either engine); `overrides`
 * replace the collab server's parts.
 */
export function domainServices(handle: Db | QueryLayer, overrides: Partial<Pick<Services, "events" | "signoffChecks" | "collabLock">> = {}): Services {
  const layer = handle instanceof QueryLayer ? handle : QueryLayer.sqlite(handle);
  const documentContent = layer.pool
    ? createPostgresPersistence(layer.pool)
    : createSqlitePersistence(layer.sqlite!, { serialize: (work) => layer.exclusive(() => work()) });
  const content = createDocumentCodec();
  return {
    db: layer,
    config: testConfig,
    events: overrides.events ?? new DomainEventBus(),
    documentContent,
    content,
    signoffChecks: overrides.signoffChecks ?? signoffChecksFor({ db: layer, documentContent, content }),
    collabLock: overrides.collabLock ?? { freeze: () => Promise.reject(new Error("no collab server in these tests")) },
    collabWrite: storedContentWriter(documentContent),
  };
}

/** An account made as sign-up makes it (`name@example.org`, English), with the test configuration. */
export async function testAccount(db: Db | QueryLayer, name: string) {
  return await createAccount(
    db instanceof QueryLayer ? db : QueryLayer.sqlite(db),
    testConfig,
    { email: `${name}@example.org`, displayName: name, password: "a long enough password", preferredLanguage: "en" },
    "self",
  );
}
