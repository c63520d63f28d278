import { describe, expect, it } from "vitest";
import { bannerReason } from "./editor-status.js";

const locked = { kind: "lockedForSignOff", round: 2, since: 1_700_000_000_000 } as const;
const observer = { kind: "role", role: "observer" } as const;
const base = { refused: null, permissionDenied: false, readOnly: true, liveReason: undefined, pageReason: observer };

describe("bannerReason", () => {
  it("gives the page's reason until the socket says one", () => {
    expect(bannerReason(base)).toEqual(observer);
    expect(bannerReason({ ...base, pageReason: undefined })).toBeNull();
  });

  it("follows the socket's reason while the text reads only, the page's once it is writable again", () => {
    expect(bannerReason({ ...base, liveReason: locked })).toEqual(locked);
    expect(bannerReason({ ...base, liveReason: null })).toBeNull();
    expect(bannerReason({ ...base, liveReason: locked, readOnly: false })).toEqual(observer);
  });

  it("puts a lost right before any reason, and a refused update before everything", () => {
    expect(bannerReason({ ...base, liveReason: locked, permissionDenied: true })).toEqual({ kind: "permissionDenied" });
    const refused = { code: "unknownNode", name: "table" };
    expect(bannerReason({ ...base, liveReason: locked, permissionDenied: true, refused })).toEqual({ kind: "refused", problem: "unknownNode", name: "table" });
  });
});
