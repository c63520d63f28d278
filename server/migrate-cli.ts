// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_PATH, or
// DATABASE_URL for PostgreSQL) and exits.
import { loadConfig, ConfigError } from "./config.js";
import { openStorage, StorageError } from "./storage.js";

try {
  const config = loadConfig();
  const { applied, sql } = await openStorage(config);
  await sql.close();
  console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(", ")}` : "database is up to date");
} catch (error) {
  if (error instanceof ConfigError || error instanceof StorageError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
