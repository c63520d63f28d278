// Global setup of the `integration-postgres` project: one private PostgreSQL cluster for the whole
// run (test/support/postgres.ts), and in it one database migrated by the app's own migrations, which
// every test server's fresh database copies (CREATE DATABASE … TEMPLATE: a migrated copy in tens of
// milliseconds instead of fourteen migrations per server).
import type { TestProject } from "vitest/node";
import { migratePostgres } from "../../app/storage/migrate-postgres.server.js";
import { openPostgres } from "../../app/storage/postgres.server.js";
import { startPostgres } from "./postgres.js";

const TEMPLATE = "mediation_template";

export default async function setup(project: TestProject) {
  const cluster = await startPostgres({ maxConnections: 400 });
  const admin = openPostgres(cluster.url, { max: 1 });
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const template = openPostgres(cluster.urlFor(TEMPLATE), { max: 1 });
  await migratePostgres(template);
  // A template must have no connection while it is copied.
  await template.end();
  project.provide("postgresUrl", cluster.url);
  project.provide("postgresTemplate", TEMPLATE);
  return () => cluster.stop();
}
