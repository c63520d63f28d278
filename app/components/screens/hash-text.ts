// How a long hash is shown to people: its first hex digits, enough to tell versions apart at a
// glance and to read aloud, short enough for a phone's width. Pure (unit-tested).

/** Hex digits shown of a hash (the full value stays in the title, the copy button and a fold). */
export const HASH_PREFIX_LENGTH = 12;

/** The first `length` characters of a hash; a value that is not a hex hash is shown as stored. */
export function hashPrefix(hash: string, length = HASH_PREFIX_LENGTH): string {
  return isHexHash(hash) ? hash.slice(0, length) : hash;
}

/** A SHA-256 (or longer) hex digest, as stored for versions: only these are shortened. */
export function isHexHash(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{32,128}$/i.test(value);
}
