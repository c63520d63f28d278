// Merging a language's feature modules into one tree, shared by the server (both languages) and
// the browser (its page's language only).
import type { Messages } from "./translate.js";

type Tree = { [key: string]: string | Tree };

/** Deep merge: features may add to a shared namespace (their audit labels to `auditActions`); a leaf is never defined twice (i18n.test.ts). */
function mergeInto(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] = typeof value === "object" && typeof existing === "object" ? mergeInto({ ...existing }, value) : value;
  }
  return target;
}

export function mergeMessages(modules: readonly object[]): Messages {
  return modules.reduce<Tree>((all, m) => mergeInto(all, m as Tree), {}) as Messages;
}
