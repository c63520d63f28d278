// What the schema check of every update costs (issue 9): the app's collab server refuses updates
// whose structure the document schema does not allow, before applying or storing them.
//
// 1. In this process, on CPU time: the server's per-update pipeline (decode + dependency check +
//    apply) with and without the check, over the same updates, in the same run:
//    - "typing": the automerge-paper editing trace (259,778 edits) typed into one paragraph, one
//      update per edit (text only: the per-item rules, never the order check);
//    - "drafting": 3,000 lines written as an editor does (Enter makes a new paragraph, then 30
//      keystrokes): one update in 31 inserts a block, which runs the order check on the kept copy.
// 2. End to end: our collab server process with STRUCTURE=1 (as the app runs it) and without,
//    4 writers typing into their own paragraph; server CPU per update read from the server process.
// Run: npm run bench:structure   (about a minute)
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { documentSchema } from "../app/core/schema/index.js";
import { createStructureGuard, structureRules } from "../app/core/schema/structure.js";
import { validateUpdate } from "../server/collab/updates.js";
import { readTrace, replayIntoParagraph, type SequentialTrace } from "../test/support/traces.js";
import { freePort, startProcess, stopProcess, waitFor } from "./bench-support.js";

const rules = structureRules(documentSchema());

/** One update per edit, as a client typing into a paragraph would send them. */
function capture(build: (doc: Y.Doc) => void): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  build(doc);
  doc.destroy();
  return updates;
}

function typingUpdates(): { updates: Uint8Array[]; endContent: string } {
  const trace = readTrace<SequentialTrace>("automerge-paper.json.gz");
  const updates = capture((doc) => {
    replayIntoParagraph(doc, trace);
  });
  return { updates, endContent: trace.endContent };
}

function draftingUpdates(lines = 3000): Uint8Array[] {
  return capture((doc) => {
    const fragment = doc.getXmlFragment("default");
    for (let l = 0; l < lines; l++) {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText()]);
      fragment.insert(fragment.length, [p]); // Enter
      const text = p.get(0) as Y.XmlText;
      for (let c = 0; c < 30; c++) text.insert(c, "abcdefghijklmnopqrstuvwxyz0123"[c]!);
    }
  });
}

/** CPU microseconds per update of the server's pipeline, with or without the check. */
function pipeline(updates: Uint8Array[], checked: boolean): { usPerUpdate: number; refused: number } {
  const doc = new Y.Doc();
  const guard = checked ? createStructureGuard(doc, rules) : null;
  let refused = 0;
  const start = process.cpuUsage();
  for (const update of updates) {
    const decoded = validateUpdate(doc, update);
    if (guard?.check(update, decoded)) {
      refused++;
      continue;
    }
    Y.applyUpdate(doc, update);
    guard?.applied(update);
  }
  const used = process.cpuUsage(start);
  guard?.destroy();
  doc.destroy();
  return { usPerUpdate: (used.user + used.system) / updates.length, refused };
}

/** Best of `runs` alternating runs (the machine is shared: the minimum is the least disturbed). */
function compare(updates: Uint8Array[], runs = 3) {
  let without = Infinity;
  let withCheck = Infinity;
  let refused = 0;
  for (let i = 0; i < runs; i++) {
    without = Math.min(without, pipeline(updates, false).usPerUpdate);
    const r = pipeline(updates, true);
    withCheck = Math.min(withCheck, r.usPerUpdate);
    refused += r.refused;
  }
  if (refused) throw new Error(`the check refused ${refused} honest updates`);
  return { without, withCheck };
}

// ---------------------------------------------------------------------------------------------

async function startServer(structure: boolean): Promise<{ url: string; port: number; proc: ChildProcess }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "bench-structure-"));
  const proc = await startProcess(
    ["--import", "tsx", "test/support/collab-process.ts"],
    { DATABASE_PATH: join(dir, "b.db"), PORT: String(port), QUIET: "1", STRUCTURE: structure ? "1" : "0", COMPACT_EVERY: "1000000000" },
    /"listening"/,
  );
  return { url: `ws://127.0.0.1:${port}/collab`, port, proc };
}

async function serverCpu(port: number): Promise<number> {
  const stats = (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { cpu: { user: number; system: number }; commits: number };
  return stats.cpu.user + stats.cpu.system;
}

const Ws = class extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { headers: { origin: "http://app.test", "x-test-user": "bench" } });
  }
};

/** Server CPU per update: 4 writers × 1,500 keystrokes in their own paragraph, an observer waits for all. */
async function endToEnd(structure: boolean): Promise<number> {
  const server = await startServer(structure);
  const room = "doc";
  const mk = () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.url, room, doc, { WebSocketPolyfill: Ws as unknown as typeof globalThis.WebSocket, disableBc: true });
    for (const t of [100, 101, 102, 103]) provider.messageHandlers[t] = () => {};
    return { doc, provider };
  };
  const writers = Array.from({ length: 4 }, mk);
  const observer = mk();
  await waitFor(() => [...writers, observer].every((c) => c.provider.synced), 120_000, "synced", 5);
  // Each writer's own paragraph, made once everyone is connected.
  for (const w of writers) {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText()]);
    w.doc.getXmlFragment("default").insert(0, [p]);
  }
  const countText = () =>
    observer.doc
      .getXmlFragment("default")
      .toArray()
      .reduce((n, p) => {
        const text = (p as Y.XmlElement).get(0) as Y.XmlText | undefined;
        return n + (text ? text.length : 0);
      }, 0);
  await waitFor(() => observer.doc.getXmlFragment("default").length === 4, 120_000, "paragraphs arrived", 5);
  const perWriter = 1500;
  const before = await serverCpu(server.port);
  await Promise.all(
    writers.map(async (w) => {
      const p = w.doc
        .getXmlFragment("default")
        .toArray()
        .find((n) => (n as Y.XmlElement)._item!.id.client === w.doc.clientID) as Y.XmlElement;
      const text = p.get(0) as Y.XmlText;
      for (let n = 0; n < perWriter; n++) {
        text.insert(text.length, "x");
        if (n % 25 === 24) await new Promise((r) => setImmediate(r));
      }
    }),
  );
  await waitFor(() => countText() >= perWriter * 4, 120_000, "observer has everything", 5);
  const used = (await serverCpu(server.port)) - before;
  for (const c of [...writers, observer]) {
    c.provider.destroy();
    c.doc.destroy();
  }
  await stopProcess(server.proc);
  return used / (perWriter * 4);
}

async function structureCostRows(): Promise<string[][]> {
  const rows: string[][] = [];
  const typing = typingUpdates();
  const t = compare(typing.updates);
  rows.push([
    `pipeline, typing (automerge-paper, ${typing.updates.length} updates)`,
    `${t.without.toFixed(1)} µs`,
    `${t.withCheck.toFixed(1)} µs`,
    `×${(t.withCheck / t.without).toFixed(2)}`,
  ]);
  const drafting = draftingUpdates();
  const d = compare(drafting);
  rows.push([
    `pipeline, drafting (Enter + 30 keys, ${drafting.length} updates)`,
    `${d.without.toFixed(1)} µs`,
    `${d.withCheck.toFixed(1)} µs`,
    `×${(d.withCheck / d.without).toFixed(2)}`,
  ]);
  let off = Infinity;
  let on = Infinity;
  for (let i = 0; i < 2; i++) {
    off = Math.min(off, await endToEnd(false));
    on = Math.min(on, await endToEnd(true));
  }
  rows.push(["server process CPU per update, 4 writers + 1 observer", `${off.toFixed(0)} µs`, `${on.toFixed(0)} µs`, `×${(on / off).toFixed(2)}`]);
  return rows;
}

function printRows(rows: string[][]): void {
  const header = ["measure (CPU time per update)", "without check", "with check", "ratio"];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

structureCostRows()
  .then((rows) => {
    printRows(rows);
    console.log(`\nnode ${process.version}; best of alternating runs in one process (pipeline) and of two server runs (end to end).`);
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
