// Serves the service worker at /sw.js (the origin root, so its scope covers every page). The
// worker is TypeScript in app/service-worker/, bundled here once at start with esbuild (already
// there for tsx): no extra build step, and it can never be stale against the Remix build it
// precaches. This build's version names its caches, so a deploy replaces the old shell.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Request, Response } from "express";
import { buildSync } from "esbuild";

const ENTRY = fileURLToPath(new URL("../../app/service-worker/sw.ts", import.meta.url));

/** Every file of the client build (fingerprinted), as the URLs the pages load them by. */
export function buildFiles(publicDir: string): string[] {
  const root = join(publicDir, "build");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith(".map")) files.push(`/build/${relative(root, path).split(sep).join("/")}`);
    }
  };
  walk(root);
  return files.sort();
}

/** The worker's script for this build. */
export function serviceWorkerScript(version: string, precache: readonly string[]): string {
  const result = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    platform: "browser",
    legalComments: "none",
    define: { __SW_CONFIG__: JSON.stringify({ version, precache: [...precache, "/favicon.svg"] }) },
  });
  return result.outputFiles[0]!.text;
}

/** GET /sw.js: always revalidated (no-cache), so a new deploy's worker is found at the next visit. */
export function serviceWorkerRoute(version: string, publicDir: string) {
  const script = serviceWorkerScript(version, buildFiles(publicDir));
  return (_req: Request, res: Response) => {
    res.setHeader("Content-Type", "text/javascript; charset=utf-8");
    res.setHeader("Cache-Control", "no-cache");
    res.send(script);
  };
}
