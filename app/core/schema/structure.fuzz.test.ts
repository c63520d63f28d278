// Random Yjs structures against the structure check: whatever two clients write, concurrently, the
// server copy (which applies only what the check accepts) always reads cleanly, and edits of the
// shapes the editor makes are never refused. Seeded, so a failure replays; FUZZ_SEEDS=700 runs more.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentSchema } from "./index.js";
import { HOSTILE, pick, prng, VALID, type Op } from "../../../test/support/structures.js";
import { createStructureGuard, readDocument, structureRules } from "./structure.js";

const schema = documentSchema();
const rules = structureRules(schema);

function run(seed: number, steps: number, ops: Op[]) {
  const rand = prng(seed);
  const server = new Y.Doc();
  const guard = createStructureGuard(server, rules);
  const clients = [new Y.Doc(), new Y.Doc()];
  const refused: string[] = [];
  const queues: Uint8Array[][] = [[], []];
  for (const [i, c] of clients.entries()) {
    c.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin !== "server") queues[i]!.push(u);
    });
  }
  const deliver = (i: number) => {
    // What the client sent, checked against the server copy; what the server has goes back.
    let refusedNow = false;
    for (const update of queues[i]!.splice(0)) {
      const problem = guard.check(update, Y.decodeUpdate(update));
      if (problem) {
        refused.push(`${problem.code}:${problem.name ?? ""}`);
        refusedNow = true;
        break; // the socket closes: nothing after it arrives
      }
      Y.applyUpdate(server, update);
      guard.applied(update);
    }
    // A refused client starts over from the server's state (as a reconnect after 1008 would).
    if (refusedNow) {
      queues[i]!.length = 0;
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server), "server");
      fresh.on("update", (u: Uint8Array, origin: unknown) => origin !== "server" && queues[i]!.push(u));
      clients[i]!.destroy();
      clients[i] = fresh;
    } else {
      Y.applyUpdate(clients[i]!, Y.encodeStateAsUpdate(server, Y.encodeStateVector(clients[i]!)), "server");
    }
  };
  for (let step = 0; step < steps; step++) {
    const i = rand() < 0.5 ? 0 : 1;
    pick(rand, ops)(clients[i]!, rand);
    // Deliver sometimes only: the two clients edit concurrently in between.
    if (rand() < 0.4) deliver(i);
    const reading = readDocument(server, schema);
    expect(reading.problems, `seed ${seed}, step ${step}`).toEqual([]);
  }
  return refused;
}

describe("random structures (seeded)", () => {
  it("edits of the editor's shapes, by two concurrent clients, are never refused", () => {
    for (let seed = 1; seed <= Number(process.env.FUZZ_SEEDS ?? 20); seed++) expect(run(seed, 120, VALID), `seed ${seed}`).toEqual([]);
  }, 120_000);

  it("whatever two clients write, the server copy always reads cleanly (and hostile shapes are refused)", () => {
    let refusedTotal = 0;
    for (let seed = 100; seed < Number(process.env.FUZZ_SEEDS ?? 130); seed++) refusedTotal += run(seed, 120, [...VALID, ...HOSTILE]).length;
    expect(refusedTotal).toBeGreaterThan(0);
  }, 120_000);
});
