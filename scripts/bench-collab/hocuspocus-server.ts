// A Hocuspocus 3.4.4 server process for the collab benchmark (a baseline, never used by the app):
// in memory, or with @hocuspocus/extension-sqlite when DATABASE_PATH is set (that extension stores
// a document on a debounce, 2 s after the last change by default: it is NOT durable before
// broadcast, unlike ours). Prints "listening <port>" once ready.
import { Server, type Extension } from "@hocuspocus/server";

// Imported only when asked for: the extension is installed for the run by
// `npm run bench:collab-server:with-hocuspocus-sqlite`, not a dependency of the project.
const sqliteModule = "@hocuspocus/extension-sqlite";
const extensions: Extension[] = [];
if (process.env.DATABASE_PATH) {
  const { SQLite } = (await import(sqliteModule)) as { SQLite: new (options: { database: string }) => Extension };
  extensions.push(new SQLite({ database: process.env.DATABASE_PATH }));
}
const server = new Server({ port: Number(process.env.PORT ?? 0), address: "127.0.0.1", quiet: true, stopOnSignals: false, extensions });
await server.listen();
console.log(`listening ${server.address.port}`);
const stop = async () => {
  await server.destroy();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
