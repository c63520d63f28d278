/** Random, URL-safe, 12 chars: item ids, unique enough inside one document and short in the Yjs state. */
export function newItemId(): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b);
  return btoa(out).replace(/\+/g, "-").replace(/\//g, "_");
}
