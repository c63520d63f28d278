import { describe, expect, it } from "vitest";
import { hashPrefix, isHexHash } from "./hash-text";

const sha = "a3f91c02d4e5b6a7980123456789abcdefa3f91c02d4e5b6a7980123456789ab";

describe("hashPrefix", () => {
  it("keeps the first 12 hex digits of a SHA-256", () => {
    expect(hashPrefix(sha)).toBe("a3f91c02d4e5");
    expect(hashPrefix(sha, 8)).toBe("a3f91c02");
  });
  it("leaves a value that is not a hash as it is", () => {
    expect(hashPrefix("not a hash at all")).toBe("not a hash at all");
    expect(hashPrefix("abc")).toBe("abc");
  });
});

describe("isHexHash", () => {
  it("recognizes hex digests only", () => {
    expect(isHexHash(sha)).toBe(true);
    expect(isHexHash(sha.toUpperCase())).toBe(true);
    expect(isHexHash(`${sha.slice(0, 40)}zz`)).toBe(false);
    expect(isHexHash(42)).toBe(false);
  });
});
