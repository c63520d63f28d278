import { z } from "zod";
import type { AppConfig } from "../app/domain/config.server.js";

export class ConfigError extends Error {}

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** An optional URL of a service (a database, Redis): one of `protocols`, with a host, and `also`. */
function serviceUrl(protocols: string[], also: (url: URL) => boolean, message: string) {
  return z
    .string()
    .optional()
    .refine(
      (v) => {
        if (v === undefined) return true;
        try {
          const url = new URL(v);
          return protocols.includes(url.protocol) && url.hostname !== "" && also(url);
        } catch {
          return false;
        }
      },
      { message },
    );
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/mediation.db"),
  // PostgreSQL instead of the embedded SQLite file (DATABASE_PATH is then not used).
  DATABASE_URL: serviceUrl(
    ["postgres:", "postgresql:"],
    (url) => url.pathname.length > 1,
    "must be a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/mediation (with the database name)",
  ),
  PUBLIC_ORIGIN: z
    .string()
    .optional()
    .refine(
      (v) => {
        if (v === undefined || v === "") return true;
        try {
          const url = new URL(v);
          return (url.protocol === "http:" || url.protocol === "https:") && url.origin === v.replace(/\/$/, "");
        } catch {
          return false;
        }
      },
      { message: "must be an origin such as https://mediation.example.org (scheme and host, no path)" },
    ),
  OPEN_SIGNUP: bool.default(false),
  // "false", a hop count, or Express's names/addresses: loopback, linklocal, uniquelocal, IPs, CIDRs.
  TRUST_PROXY: z
    .string()
    .default("false")
    .refine(
      (v) =>
        v === "false" || /^\d{1,2}$/.test(v) || v.split(",").every((part) => /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i.test(part.trim())),
      { message: 'must be "false", a number of proxy hops (e.g. 1), or addresses such as "loopback" or "10.0.0.0/8"' },
    ),
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  // Keep an automatic version of a document once its editing has been quiet this long (ms).
  AUTO_VERSION_QUIET_MS: z.coerce.number().int().min(100).max(86_400_000).default(600_000),
  // Fold a document's update log into a snapshot after this many stored updates.
  COLLAB_COMPACT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(500),
  // Several instances on one database: document updates, presence and domain events between them.
  REDIS_URL: serviceUrl(["redis:", "rediss:"], () => true, "must be a Redis URL such as redis://127.0.0.1:6379 (or rediss:// for TLS)"),
});

/** Reads configuration from the environment; a bad value throws a one-line ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    // A URL may carry a password: never echoed.
    const shown = key === "REDIS_URL" || key === "DATABASE_URL" ? "(value not shown)" : JSON.stringify(env[key]);
    throw new ConfigError(`${key}=${shown} is invalid: ${issue.message}`);
  }
  const c = parsed.data;
  const publicOrigin = c.PUBLIC_ORIGIN ? new URL(c.PUBLIC_ORIGIN).origin : undefined;
  return {
    port: c.PORT,
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    databaseUrl: c.DATABASE_URL,
    publicOrigin,
    secureCookies: publicOrigin?.startsWith("https:") ?? false,
    openSignup: c.OPEN_SIGNUP,
    trustProxy: c.TRUST_PROXY === "false" ? false : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY,
    nodeEnv: c.NODE_ENV,
    autoVersionQuietMs: c.AUTO_VERSION_QUIET_MS,
    collabCompactEvery: c.COLLAB_COMPACT_EVERY,
    redisUrl: c.REDIS_URL,
  };
}
