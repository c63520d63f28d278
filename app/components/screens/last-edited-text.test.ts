import { describe, expect, it } from "vitest";
import { laterEdit, lastEditedMessage, type LastEdit } from "./last-edited-text";

const at = Date.UTC(2026, 2, 14, 9, 30);

describe("lastEditedMessage", () => {
  it("says the stored name and date first, or that nothing was edited", () => {
    expect(lastEditedMessage({ by: "stored", name: "Aminata", at }, "en")).toEqual({
      key: "documents.lastEditedLine",
      values: { name: "Aminata", date: "14 Mar 2026, 09:30 UTC" },
    });
    expect(lastEditedMessage({ by: "stored", name: null, at: null }, "fr").key).toBe("documents.neverEdited");
  });
  it("names this device's edits as yours and others' as another member's", () => {
    expect(lastEditedMessage({ by: "self", at }, "fr")).toEqual({ key: "screens.lastEdited.you", values: { date: "14 mars 2026, 09:30 UTC" } });
    expect(lastEditedMessage({ by: "others", at }, "en").key).toBe("screens.lastEdited.others");
  });
});

describe("laterEdit", () => {
  const stored: LastEdit = { by: "stored", name: "Aminata", at };
  it("takes a newer live edit", () => {
    expect(laterEdit(stored, { by: "others", at: at + 1000 })).toEqual({ by: "others", at: at + 1000 });
    expect(laterEdit({ by: "stored", name: null, at: null }, { by: "self", at })).toEqual({ by: "self", at });
  });
  it("keeps what it said when an older edit arrives late", () => {
    expect(laterEdit({ by: "self", at: at + 5000 }, { by: "others", at })).toEqual({ by: "self", at: at + 5000 });
  });
});
