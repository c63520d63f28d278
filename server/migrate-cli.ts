// `npm run db:migrate`: applies pending migrations to DATABASE_PATH and exits.
import { loadConfig, ConfigError } from "./config.js";
import { openDatabase } from "../app/storage/database.server.js";
import { migrate, MIGRATIONS_DIR, MigrationError } from "../app/storage/migrate.server.js";

try {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  const applied = migrate(db, MIGRATIONS_DIR);
  db.close();
  console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(", ")}` : "database is up to date");
} catch (error) {
  if (error instanceof ConfigError || error instanceof MigrationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
