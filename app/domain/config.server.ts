/** The validated configuration every server module reads (built by server/config.ts). */
export interface AppConfig {
  port: number;
  host: string;
  /** The embedded SQLite file (the default engine). */
  databasePath: string;
  /** PostgreSQL (postgres://…) instead of the SQLite file: several instances may share it. */
  databaseUrl?: string;
  /** The app's own origin for Origin checks; when unset, the request's Host is trusted. */
  publicOrigin: string | undefined;
  /** Secure cookies when the public origin is https. */
  secureCookies: boolean;
  openSignup: boolean;
  /**
   * Which reverse proxies to believe about the client (X-Forwarded-For/-Proto), in Express's
   * "trust proxy" terms: false (none: the socket's address is the client), a number of hops, or
   * names/addresses ("loopback", "10.0.0.0/8"). Decides the IP the sign-in throttle counts.
   */
  trustProxy: false | number | string;
  nodeEnv: "production" | "development" | "test";
  /** An automatic version of a document is kept once its editing has been quiet this long (ms). */
  autoVersionQuietMs: number;
  /** The collab server folds a document's update log into a snapshot after this many stored updates. */
  collabCompactEvery: number;
  /** Redis for several instances on one database (server/fanout): none, this instance is alone. */
  redisUrl?: string;
}
