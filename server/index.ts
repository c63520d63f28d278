// The one server process: HTTP (Remix) and WebSocket upgrades on one port, one database (a SQLite
// file, or PostgreSQL with DATABASE_URL).
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, loadConfig } from "./config.js";
import { openStorage, StorageError, type AppStorage } from "./storage.js";
import { createExpressApp } from "./app.js";
import { log } from "./http/logging.js";
import { routeUpgrade } from "./upgrade.js";
import { createAppCollab, createDocumentPersistence } from "./collab-access.js";
import { deleteExpiredSessions } from "../app/domain/sessions.server.js";
import type { Services } from "../app/domain/context.server.js";
import { createDocumentCodec } from "./content/document-codec.js";
import { storedContentWriter } from "./content/stored-writer.js";
import { signoffChecksFor } from "../app/domain/document-validation.server.js";
import { DomainEventBus } from "../app/domain/events.server.js";
import type { Fanout } from "./fanout/fanout.js";
import { createRedisFanout } from "./fanout/redis.js";
import { relayDomainEvents } from "./fanout/events.js";

const BUILD_PATH = fileURLToPath(new URL("../build/index.js", import.meta.url));

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  // React and other libraries choose their production or development build from process.env at
  // first import (the Remix build, imported below): unset, React rendered every page in its slower
  // development mode. They follow the configuration, whose default is production.
  process.env.NODE_ENV = config.nodeEnv;
  if (!existsSync(BUILD_PATH)) {
    console.error("The app is not built: run `npm run build` (npm start does it for you).");
    process.exit(1);
  }

  let storage: AppStorage;
  try {
    storage = await openStorage(config);
  } catch (error) {
    if (error instanceof StorageError) {
      console.error(`Database error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (storage.applied.length) log("info", "migrations applied", { migrations: storage.applied.map((m) => m.name) });
  // The domain's statements go through the asynchronous query layer (ADR 039).
  const { sql } = storage;
  await deleteExpiredSessions(sql);

  const persistence = createDocumentPersistence(sql);
  const content = createDocumentCodec();
  const services: Services = {
    db: sql,
    config,
    events: new DomainEventBus(),
    documentContent: persistence,
    content,
    // Before a round opens, the stored text is re-validated with the rules the editor shows live.
    signoffChecks: signoffChecksFor({ db: sql, documentContent: persistence, content }),
    // createAppCollab (below, before the server listens) installs the collab server's lock.
    collabLock: {
      freeze: () => Promise.reject(new Error("collab server not started: cannot freeze live editors")),
    },
    // Replaced by createAppCollab too (changes then go through the loaded document, live).
    collabWrite: storedContentWriter(persistence),
  };
  const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const app = createExpressApp(services, build);
  const server = createServer(app);

  // REDIS_URL: other instances serve the same database; updates, presence and domain events are
  // relayed between them (docs/decisions/038-instances-fan-out.md). A wrong URL stops the start.
  let fanout: Fanout | undefined;
  if (config.redisUrl) {
    try {
      fanout = await createRedisFanout(config.redisUrl);
    } catch (error) {
      console.error(`Redis error: ${(error as Error).message}`);
      await sql.close();
      process.exit(1);
    }
    relayDomainEvents(services.events, fanout);
    log("info", "fan-out to other instances", { instance: fanout.instanceId });
  }
  const collab = createAppCollab(services, persistence, { fanout });
  server.on("upgrade", routeUpgrade(collab));

  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    log("info", "listening", { port, host: config.host, database: storage.description, url: `http://localhost:${port}` });
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "shutting down", { signal });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 5000);
    force.unref();
    try {
      await collab.close();
    } catch (error) {
      log("error", "collab close failed", { error: (error as Error).message });
    }
    await closed;
    await fanout?.close();
    // Closes the handle too.
    await sql.close();
    log("info", "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

process.on("uncaughtException", (error) => {
  log("error", "uncaught exception", { error: error.message, stack: error.stack });
});
process.on("unhandledRejection", (reason) => {
  log("error", "unhandled rejection", { error: String(reason) });
});

void main();
