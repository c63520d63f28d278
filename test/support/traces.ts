// Editing traces from josephg/editing-traces (gzipped JSON: sequential or concurrent edits and the
// text they end on). TRACES_DIR points at them; the default is where this machine keeps them.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";

export const TRACES_DIR = process.env.TRACES_DIR ?? "/work/shared/data/traces";

type Patch = [number, number, string];

export interface ConcurrentTrace {
  kind: "concurrent";
  endContent: string;
  numAgents: number;
  txns: { parents: number[]; agent: number; patches: Patch[] }[];
}

export interface SequentialTrace {
  endContent: string;
  txns: { patches: Patch[] }[];
}

export function readTrace<T>(name: string): T {
  return JSON.parse(gunzipSync(readFileSync(`${TRACES_DIR}/${name}`)).toString("utf8")) as T;
}

export function applyPatches(text: Y.Text, patches: Patch[]): void {
  for (const [pos, del, ins] of patches) {
    if (del) text.delete(pos, del);
    if (ins) text.insert(pos, ins);
  }
}

/**
 * Replays a sequential trace, one Yjs transaction per txn, into a paragraph of the editor's
 * "default" fragment: the shape a document's text has in the app. Returns the paragraph's text.
 */
export function replayIntoParagraph(doc: Y.Doc, trace: SequentialTrace): Y.XmlText {
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment("default").insert(0, [paragraph]);
  for (const txn of trace.txns) doc.transact(() => applyPatches(text, txn.patches));
  return text;
}

export interface ReplayedTxn {
  agent: number;
  /** The Yjs update this txn produced on its agent's document. */
  update: Uint8Array;
  /** Clocks of the OTHER agents' Yjs clients the txn's agent had seen when it made the edit. */
  needs: [client: number, clock: number][];
}

/**
 * Replays a concurrent trace offline, one Y.Doc per agent, so that each txn is applied to exactly
 * the merge of its parents' versions. A version is a vector "how many txns of each agent it
 * includes": each agent's txns form a chain, so that vector identifies the version even for
 * delete-only txns (which a Yjs state vector cannot see). The result is one update per txn plus
 * what its agent must have received first — what a live replay needs to stay causal.
 */
export function replayConcurrentOffline(trace: ConcurrentTrace, textName: string): ReplayedTxn[] {
  const n = trace.numAgents;
  const docs = Array.from({ length: n }, (_, agent) => {
    const doc = new Y.Doc();
    doc.clientID = agent + 1;
    return doc;
  });
  const versions: Int32Array[] = [];
  const byAgent: number[][] = Array.from({ length: n }, () => []);
  const applied = Array.from({ length: n }, () => new Int32Array(n));
  const out: ReplayedTxn[] = [];
  trace.txns.forEach((txn, index) => {
    const a = txn.agent;
    const target = new Int32Array(n);
    for (const parent of txn.parents) {
      const v = versions[parent]!;
      for (let i = 0; i < n; i++) if (v[i]! > target[i]!) target[i] = v[i]!;
    }
    const doc = docs[a]!;
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      while (applied[a]![b]! < target[b]!) {
        Y.applyUpdate(doc, out[byAgent[b]![applied[a]![b]!]!]!.update);
        applied[a]![b]!++;
      }
    }
    if (target[a] !== applied[a]![a]) throw new Error(`txn ${index}: agent ${a}'s own history is not a chain`);
    const needs: [number, number][] = [];
    for (let b = 0; b < n; b++) if (b !== a) needs.push([b + 1, Y.getState(doc.store, b + 1)]);
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    doc.on("update", capture);
    doc.transact(() => applyPatches(doc.getText(textName), txn.patches));
    doc.off("update", capture);
    applied[a]![a]!++;
    target[a] = applied[a]![a]!;
    versions.push(target);
    byAgent[a]!.push(index);
    out.push({ agent: a, update: update ?? new Uint8Array([0, 0]), needs });
  });
  return out;
}
