import { describe, expect, it } from "vitest";
import { createI18n } from "./i18n/index.js";
import { findingCount } from "./finding-count.js";

const findings = (blocking: number, advisory: number) => [
  ...Array.from({ length: blocking }, () => ({ severity: "blocking" })),
  ...Array.from({ length: advisory }, () => ({ severity: "advisory" })),
];

describe("findingCount", () => {
  it("says how many findings of each kind, singular and plural, in both languages", () => {
    const en = createI18n("en").t;
    const fr = createI18n("fr").t;
    expect(findingCount(en, findings(1, 4))).toBe("1 blocking issue, 4 suggestions");
    expect(findingCount(en, findings(2, 1))).toBe("2 blocking issues, 1 suggestion");
    expect(findingCount(fr, findings(1, 4))).toBe("1 problème bloquant, 4 conseils");
    expect(findingCount(fr, findings(0, 1))).toBe("0 problème bloquant, 1 conseil");
  });
});
