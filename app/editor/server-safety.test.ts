// The editor must never reach the server bundle: Tiptap/ProseMirror touch the DOM at import time
// in places, and shipping them to Node would only slow the server start. Two checks:
// 1. bundle EditorShell for Node the way the Remix classic compiler does (`.client` modules become
//    empty modules) and look for editor code — this holds whether or not a route uses it yet;
// 2. if `npx remix build` has run, the real server build has no editor code either.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";

const FORBIDDEN = [/@tiptap\//, /prosemirror/i, /y-websocket/, /y-indexeddb/, /y-protocols/, /WebsocketProvider/, /ySyncPlugin/, /Yjs was already imported/];

function offenders(code: string): string[] {
  return FORBIDDEN.filter((re) => re.test(code)).map(String);
}

// Mirrors Remix's rule: on the server, `*.client.*` modules are replaced by empty modules.
const emptyClientModules: Plugin = {
  name: "empty-client-modules",
  setup(b) {
    b.onResolve({ filter: /\.client(\.[jt]sx?)?$/ }, (args) => ({ path: args.path, namespace: "empty-client" }));
    b.onLoad({ filter: /.*/, namespace: "empty-client" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

describe("server build safety", () => {
  it("EditorShell bundled for the server pulls in no Tiptap, ProseMirror or Yjs code", async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("./EditorShell.tsx", import.meta.url))],
      bundle: true,
      write: false,
      platform: "node",
      format: "esm",
      jsx: "automatic",
      logLevel: "silent",
      // React stays external as in the real build; everything else is inlined so editor
      // code reachable from the shell would show up in the output text.
      external: ["react", "react-dom", "react/jsx-runtime"],
      plugins: [emptyClientModules],
    });
    const code = result.outputFiles.map((f) => f.text).join("\n");
    expect(code).toContain("editor-readable"); // the shell itself is there
    expect(offenders(code)).toEqual([]);
  });

  it("the Remix server build (when present) has no Tiptap, ProseMirror or bundled Yjs code", () => {
    const path = fileURLToPath(new URL("../../build/index.js", import.meta.url));
    if (!existsSync(path)) return; // `npm test` builds first; a bare `vitest run` may not have
    expect(offenders(readFileSync(path, "utf8"))).toEqual([]);
  });
});
