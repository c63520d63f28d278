/** The validated configuration every server module reads (built by server/config.ts). */
export interface AppConfig {
  port: number;
  host: string;
  databasePath: string;
  /** The app's own origin for Origin checks; when unset, the request's Host is trusted. */
  publicOrigin: string | undefined;
  /** Secure cookies when the public origin is https. */
  secureCookies: boolean;
  openSignup: boolean;
  nodeEnv: "production" | "development" | "test";
}
