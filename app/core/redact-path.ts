/** Paths may carry secrets (invitation and reset tokens): keep only the first segments, never the query. */
export function redactPath(path: string): string {
  return path.replace(/^\/(invite|invitations|reset)\/[^/]+/, "/$1/[redacted]");
}
