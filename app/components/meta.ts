import type { MetaDescriptor } from "@remix-run/node";

interface MetaMatch {
  id: string;
  meta: MetaDescriptor[];
}

/**
 * The root route's descriptors (the localized app title). A route's `meta` replaces its parents',
 * so a route that has no title of its own, or none on an error, must carry this one along:
 * every page needs a <title> (screen readers and tabs announce it).
 */
export function rootMeta(matches: MetaMatch[]): MetaDescriptor[] {
  return matches.find((m) => m.id === "root")?.meta ?? [];
}
