import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import type { AnnotationsPageData, ThreadView } from "../../core/annotations/types.js";
import { createI18n } from "../../core/i18n/index.js";
import { EditorShell } from "../EditorShell.js";

function thread(id: string, patch: Partial<ThreadView> = {}): ThreadView {
  return {
    id,
    documentId: "d1",
    type: "gender",
    visibility: "shared",
    status: "open",
    anchor: { kind: "range", start: "AA==", end: "AA==", quote: "Réouverture du marché", prefix: "", suffix: "" },
    detached: false,
    createdBy: { id: "u1", name: "Fatouma" },
    createdAt: Date.UTC(2026, 2, 12, 9, 30),
    resolvedBy: null,
    resolvedAt: null,
    messages: [
      {
        id: `${id}-m1`,
        authorId: "u1",
        authorName: "Fatouma",
        body: "Qui tiendra les étals ?",
        createdAt: Date.UTC(2026, 2, 12, 9, 30),
        editedAt: null,
        mayEdit: false,
      },
    ],
    actorIds: [],
    may: { reply: true, resolve: false },
    ...patch,
  };
}

function render(data: AnnotationsPageData, language: "en" | "fr" = "en") {
  return renderToString(
    <I18nextProvider i18n={createI18n(language)}>
      <EditorShell initialBlocks={[]} documentId="d1" processId="p1" user={{ name: "Moussa", color: "#1f4e5f" }} readOnly annotations={data} />
    </I18nextProvider>,
  );
}

describe("the annotation panel on the server (before the editor loads)", () => {
  it("lists the threads the page delivered, with words for type, visibility and status, and no actions", () => {
    const html = render({ threads: [thread("s1")], actors: [], mayCreate: [], userId: "u2", asOf: 1 });
    expect(html).toContain("Qui tiendra les étals ?");
    expect(html).toContain("Réouverture du marché");
    expect(html).toMatch(/annotation-type annotation--gender">Gender</);
    expect(html).toContain(">Shared<");
    expect(html).toContain(">Open<");
    expect(html).toContain("12 Mar 2026, 09:30 UTC");
    expect(html).not.toContain("<form");
    expect(html).not.toContain("Show in the text");
  });

  it("names no type nor visibility the reader has no thread of (a party's page says nothing of the team's)", () => {
    const html = render({ threads: [thread("s1")], actors: [], mayCreate: [], userId: "u2", asOf: 1 });
    expect(html).not.toContain("Legitimacy");
    expect(html).not.toContain("Team only");
    expect(html).not.toContain('id="annotation-filter-visibility"');
    const team = render({
      threads: [thread("t1", { visibility: "team", type: "legitimacy" })],
      actors: [],
      mayCreate: ["team", "shared"],
      userId: "u1",
      asOf: 1,
    });
    expect(team).toContain(">Team only<");
    expect(team).toContain('id="annotation-filter-visibility"');
  });

  it("keeps detached threads, labelled with their quote, after the others; in French", () => {
    const html = render(
      {
        threads: [thread("d1", { detached: true, anchor: { kind: "item", itemId: "x", quote: "Comité de Ber" } }), thread("a1")],
        actors: [],
        mayCreate: [],
        userId: "u2",
        asOf: 1,
      },
      "fr",
    );
    expect(html.indexOf("Fils détachés")).toBeGreaterThan(html.indexOf('data-thread-id="a1"'));
    expect(html.indexOf('data-thread-id="d1"')).toBeGreaterThan(html.indexOf("Fils détachés"));
    expect(html).toContain("Détachée du texte");
    expect(html).toContain("Point entier : Comité de Ber");
    expect(html).toContain(">Partagée<");
  });

  it("says so when there is nothing yet", () => {
    expect(render({ threads: [], actors: [], mayCreate: ["team"], userId: "u1", asOf: 1 }, "fr")).toContain(
      "Aucune annotation sur ce document pour l&#x27;instant.",
    );
  });
});
