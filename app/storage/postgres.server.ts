// The app's connection pool to PostgreSQL (DATABASE_URL), with the value types the domain expects.
import pg from "pg";

// PostgreSQL returns BIGINT (the times in milliseconds, COUNT(*)) and NUMERIC (SUM) as strings,
// because they may exceed JavaScript's integers. The app's values never do (a time in ms is below
// 2^53 for another 280,000 years; counts are of rows), and SQLite hands the same columns back as
// numbers: parsed to numbers here, so the domain reads one type on both engines.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A pool on the database of `url`; nothing is connected until the first query. The caller listens
 * to its "error" event (an idle connection the server dropped), which would otherwise be thrown.
 */
export function openPostgres(url: string, options: { max?: number; applicationName?: string } = {}): pg.Pool {
  return new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: options.applicationName ?? "mediation", types });
}

/** The URL with its password replaced, for logs. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
