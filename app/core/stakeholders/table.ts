// The actors table's filters and sorting, read from the page's query string (plain GET links and
// forms: the table works without any script, and a filtered view can be bookmarked or exported).
import { communityKey } from "./gaps.js";
import { GOVERNANCE_FUNCTIONS, ILLICIT_LINKS, isRepresented, type GovernanceFunction, type IllicitLink, type StakeholderActor } from "./types.js";

export const SORT_KEYS = ["name", "category", "community", "influence", "legitimacy", "represented"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface TableQuery {
  /** Words of the name, community or sources. */
  q: string;
  /** A category id, "none" (actors without a category), or null (all). */
  category: string | null;
  fn: GovernanceFunction | null;
  represented: "yes" | "no" | null;
  illicit: IllicitLink | null;
  sort: SortKey;
  dir: "asc" | "desc";
}

export const DEFAULT_QUERY: TableQuery = { q: "", category: null, fn: null, represented: null, illicit: null, sort: "name", dir: "asc" };

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  value && (values as readonly string[]).includes(value) ? (value as T) : null;

/** Unknown or malformed values are ignored (the table shows everything rather than an error). */
export function parseTableQuery(params: URLSearchParams): TableQuery {
  const category = params.get("category")?.trim() || null;
  return {
    q: (params.get("q") ?? "").trim().slice(0, 120),
    category: category && category.length <= 64 ? category : null,
    fn: oneOf(GOVERNANCE_FUNCTIONS, params.get("fn")),
    represented: oneOf(["yes", "no"] as const, params.get("represented")),
    illicit: oneOf(ILLICIT_LINKS, params.get("illicit")),
    sort: oneOf(SORT_KEYS, params.get("sort")) ?? "name",
    dir: params.get("dir") === "desc" ? "desc" : "asc",
  };
}

/** The query string of a table view (only what differs from the default), e.g. for the CSV link. */
export function tableQueryString(query: TableQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.category) params.set("category", query.category);
  if (query.fn) params.set("fn", query.fn);
  if (query.represented) params.set("represented", query.represented);
  if (query.illicit) params.set("illicit", query.illicit);
  if (query.sort !== "name") params.set("sort", query.sort);
  if (query.dir !== "asc") params.set("dir", query.dir);
  const s = params.toString();
  return s ? `?${s}` : "";
}

export function isFiltered(query: TableQuery): boolean {
  return !!(query.q || query.category || query.fn || query.represented || query.illicit);
}

/**
 * The actors the table shows, in its order. `categoryName` gives a category's label in the
 * reader's language (sorting by category follows what the reader sees). Ties keep name order.
 */
export function applyTableQuery(actors: readonly StakeholderActor[], query: TableQuery, categoryName: (id: string | null) => string): StakeholderActor[] {
  const words = communityKey(query.q).split(" ").filter(Boolean);
  const kept = actors.filter((a) => {
    if (query.category === "none" ? a.categoryId !== null : query.category && a.categoryId !== query.category) return false;
    if (query.fn && !a.functions.includes(query.fn)) return false;
    if (query.represented && isRepresented(a) !== (query.represented === "yes")) return false;
    if (query.illicit && a.illicitLink !== query.illicit) return false;
    if (words.length) {
      const haystack = communityKey([a.name, a.community ?? "", a.sources ?? ""].join(" "));
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  });
  const byName = (a: StakeholderActor, b: StakeholderActor) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const value = (a: StakeholderActor): string | number => {
    switch (query.sort) {
      case "category":
        return categoryName(a.categoryId);
      case "community":
        return a.community ?? "";
      case "influence":
        return a.influence;
      case "legitimacy":
        return a.legitimacy;
      case "represented":
        return isRepresented(a) ? 1 : 0;
      default:
        return "";
    }
  };
  const sign = query.dir === "desc" ? -1 : 1;
  return kept.sort((a, b) => {
    if (query.sort === "name") return sign * byName(a, b);
    const va = value(a);
    const vb = value(b);
    const c = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
    return c ? sign * c : byName(a, b);
  });
}

/**
 * The actors a table view shows, in its order, with categories named as the reader reads them
 * (`categories`: id and label in the reader's language; actors without one sort as "No category").
 * The table page, the map and the CSV export all take this one view, so a file is in the order the
 * reader was looking at.
 */
export function tableView(
  actors: readonly StakeholderActor[],
  categories: readonly { id: string; label: string }[],
  query: TableQuery,
  noCategory: string,
): StakeholderActor[] {
  const names = new Map(categories.map((c) => [c.id, c.label]));
  return applyTableQuery(actors, query, (id) => (id === null ? noCategory : (names.get(id) ?? noCategory)));
}
