import { describe, expect, it } from "vitest";
import { TokenBucket } from "./limits.js";

describe("TokenBucket", () => {
  it("allows a burst, then refills at the sustained rate", () => {
    let now = 0;
    const bucket = new TokenBucket({ burst: 3, perSecond: 2 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 500; // half a second: one token back
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 100_000; // never more than the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
