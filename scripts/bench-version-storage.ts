// Storage cost of version history on a long real editing session: the automerge-paper trace
// (one person writing a paper, about 260,000 single-character edits) replayed into a document's
// text as the editor holds it (one paragraph), with a version taken every N transactions (an
// automatic version per quiet period, say). Each version stores what it needs to be shown and
// compared: its full Yjs state (Y.encodeStateAsUpdate, deleted characters' tombstones included)
// and its canonical content (ADR 021). Prints sizes; compare with the update log itself.
//
//   npm run bench:versions [-- --versions 100]
import { deflateSync } from "node:zlib";
import * as Y from "yjs";
import { canonicalJson } from "../app/core/canonical.js";
import { DOCUMENT_FIELD } from "../app/core/document-field.js";
import { readTrace, type SequentialTrace } from "../test/support/traces.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const VERSIONS = arg("versions", 100);

const trace = readTrace<SequentialTrace>("automerge-paper.json.gz");
const doc = new Y.Doc();
const paragraph = new Y.XmlElement("paragraph");
const text = new Y.XmlText();
doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraph]);
paragraph.insert(0, [text]);
let log = 0;
doc.on("update", (update: Uint8Array) => {
  log += update.byteLength;
});

const every = Math.ceil(trace.txns.length / VERSIONS);
const states: number[] = [];
const canonicals: number[] = [];
// What a version would cost stored as the difference from the previous one (Y.diffUpdate), and
// deflated: measured to say what a leaner format would save, not what the app stores today.
const diffs: number[] = [];
const deflated: number[] = [];
let previous: Uint8Array | null = null;
trace.txns.forEach((txn, i) => {
  doc.transact(() => {
    for (const [pos, del, ins] of txn.patches) {
      if (del) text.delete(pos, del);
      if (ins) text.insert(pos, ins);
    }
  });
  if ((i + 1) % every === 0 || i === trace.txns.length - 1) {
    const state = Y.encodeStateAsUpdate(doc);
    states.push(state.byteLength);
    canonicals.push(Buffer.byteLength(canonicalJson(doc)));
    deflated.push(deflateSync(state).byteLength + deflateSync(canonicalJson(doc)).byteLength);
    diffs.push(previous ? Y.diffUpdate(state, Y.encodeStateVectorFromUpdate(previous)).byteLength : state.byteLength);
    previous = state;
  }
});
if (text.toString() !== trace.endContent) throw new Error("replay did not reach the trace's end content");

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
console.log(
  `automerge-paper: ${trace.txns.length} transactions, final text ${kb(trace.endContent.length)}; ${states.length} versions, one every ${every} transactions`,
);
console.log("| stored per version | first | last | all versions |");
console.log("| --- | --- | --- | --- |");
console.log(`| Yjs state | ${kb(states[0]!)} | ${kb(states.at(-1)!)} | ${mb(sum(states))} |`);
console.log(`| canonical content | ${kb(canonicals[0]!)} | ${kb(canonicals.at(-1)!)} | ${mb(sum(canonicals))} |`);
console.log(`| both | | ${kb(states.at(-1)! + canonicals.at(-1)!)} | ${mb(sum(states) + sum(canonicals))} |`);
console.log(`| (not stored) both, deflated | | ${kb(deflated.at(-1)!)} | ${mb(sum(deflated))} |`);
console.log(`| (not stored) Yjs state as a diff from the previous version | | ${kb(diffs.at(-1)!)} | ${mb(sum(diffs))} |`);
console.log(`update log (every change as sent, uncompacted): ${mb(log)}; compacted state at the end: ${kb(states.at(-1)!)}`);
