import { renderToString } from "react-dom/server";
import { I18nProvider } from "~/core/i18n/react.js";
import { describe, expect, it } from "vitest";
import type { AnnotationsPageData, ThreadView } from "../../core/annotations/types.js";
import { createI18n } from "../../core/i18n/index.js";
import { EditorShell } from "../EditorShell.js";
import { ActorChoices, AnnotationPanel, type PanelActions } from "./annotation-panel.js";
import { DEFAULT_FILTER, type ActorOption, type ThreadFilter } from "./annotation-store.js";

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
    may: { reply: true, resolve: false, linkActors: true },
    ...patch,
  };
}

function render(data: AnnotationsPageData, language: "en" | "fr" = "en") {
  return renderToString(
    <I18nProvider i18n={createI18n(language)}>
      <EditorShell initialBlocks={[]} documentId="d1" processId="p1" user={{ name: "Moussa", color: "#1f4e5f" }} readOnly annotations={data} />
    </I18nProvider>,
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

// The team's page lists the map's actors; everyone else's lists none (and their threads name none).
const ACTORS: ActorOption[] = [
  { id: "act-chef", name: "Chefferie de Ber" },
  { id: "act-garde", name: "Garde du marché" },
  { id: "act-jeunes", name: "Jeunes commerçants" },
];

// The live panel's actions; rendering on the server never calls them.
const ACTIONS: PanelActions = {
  send: async () => ({ ok: true, thread: null }),
  show: () => undefined,
  announce: () => undefined,
};

function renderPanel(
  threads: ThreadView[],
  options: { actors?: ActorOption[]; actions?: PanelActions | null; filter?: ThreadFilter; language?: "en" | "fr" } = {},
) {
  return renderToString(
    <I18nProvider i18n={createI18n(options.language ?? "en")}>
      <AnnotationPanel
        entries={threads.map((thread) => ({ thread, placement: null }))}
        filter={options.filter ?? DEFAULT_FILTER}
        onFilterChange={() => undefined}
        showVisibilityFilter
        actors={options.actors}
        actions={options.actions ?? null}
      />
    </I18nProvider>,
  );
}

describe("the actors of the stakeholder map on a thread", () => {
  const named = thread("t1", { actorIds: ["act-garde", "act-chef"] });

  it("are named on each thread for the team, in the map's order, with a control to name them", () => {
    const html = renderPanel([named, thread("t2")], { actors: ACTORS, actions: ACTIONS });
    expect(html).toContain("Actors: Chefferie de Ber, Garde du marché");
    expect(html.match(/Actors: /g)).toHaveLength(1);
    // One disclosure per thread, closed: its checkboxes come once it is opened.
    expect(html.match(/<details class="annotation-name-actors"><summary>Name actors<\/summary><\/details>/g)).toHaveLength(2);
    expect(html).not.toContain('name="actorIds"');
  });

  it("are named with a checkbox per actor of the map, the named ones checked, and Save", () => {
    const html = renderToString(
      <I18nProvider i18n={createI18n("en")}>
        <ActorChoices
          current={named.actorIds}
          actors={ACTORS}
          busy={false}
          error={{ actorIds: "stakeholders.errors.actorNotFound" }}
          onSave={() => undefined}
        />
      </I18nProvider>,
    );
    expect(html).toContain("<legend>Actors of the stakeholder map this thread is about</legend>");
    expect(html).toContain("Only the team sees them, never representatives or observers.");
    expect(html.match(/name="actorIds"/g)).toHaveLength(3);
    expect(html).toContain('<label class="checkbox"><input type="checkbox" name="actorIds" checked="" value="act-chef"/>Chefferie de Ber</label>');
    expect(html).toContain('<label class="checkbox"><input type="checkbox" name="actorIds" checked="" value="act-garde"/>Garde du marché</label>');
    expect(html).toContain('<label class="checkbox"><input type="checkbox" name="actorIds" value="act-jeunes"/>Jeunes commerçants</label>');
    expect(html).toContain(">Save the actors</button>");
    // The server's refusal, in words.
    expect(html).toContain("This actor is not on the map (it may have been deleted).");
  });

  it("show their names but no control on a thread the reader may not link (an archived process)", () => {
    const html = renderPanel([{ ...named, may: { ...named.may, linkActors: false } }], { actors: ACTORS, actions: ACTIONS });
    expect(html).toContain("Chefferie de Ber");
    expect(html).not.toContain("annotation-name-actors");
  });

  it("show their names on the server's list too, but no control without the live editor's actions", () => {
    const html = renderPanel([named], { actors: ACTORS });
    expect(html).toContain("Actors: Chefferie de Ber, Garde du marché");
    expect(html).not.toContain("<details");
    expect(html).not.toContain('name="actorIds"');
  });

  it("filter the threads by actor: only the actors some thread names are offered, with counts", () => {
    const html = renderPanel([named, thread("t2", { actorIds: ["act-chef"] }), thread("t3")], { actors: ACTORS });
    expect(html).toContain('id="annotation-filter-actor"');
    expect(html).toContain(">All actors (3)</option>");
    expect(html).toContain(">Chefferie de Ber (2)</option>");
    expect(html).toContain(">Garde du marché (1)</option>");
    expect(html).not.toContain(">Jeunes commerçants (");
    const filtered = renderPanel([named, thread("t2", { actorIds: ["act-chef"] }), thread("t3")], {
      actors: ACTORS,
      filter: { ...DEFAULT_FILTER, actor: "act-garde" },
    });
    expect(filtered).toContain('data-thread-id="t1"');
    expect(filtered).not.toContain('data-thread-id="t2"');
    expect(filtered).not.toContain('data-thread-id="t3"');
  });

  it("are in French for a French reader", () => {
    const html = renderPanel([named], { actors: ACTORS, actions: ACTIONS, language: "fr" });
    expect(html).toContain("Acteurs : Chefferie de Ber, Garde du marché");
    expect(html).toContain("<summary>Nommer des acteurs</summary>");
    const form = renderToString(
      <I18nProvider i18n={createI18n("fr")}>
        <ActorChoices current={[]} actors={ACTORS} busy={false} error={{}} onSave={() => undefined} />
      </I18nProvider>,
    );
    expect(form).toContain("<legend>Acteurs de la cartographie dont parle ce fil</legend>");
    expect(form).toContain(">Enregistrer les acteurs</button>");
    expect(form).not.toContain("checked");
    expect(html).toContain('<label for="annotation-filter-actor">Acteur</label>');
  });

  it("are not there at all for a reader whose page lists no actor (representatives, observers): no names, no empty control, no filter", () => {
    // Even a thread that somehow came with ids shows none of them: the page has no name to give.
    for (const threads of [[thread("t1")], [named]]) {
      const html = renderPanel(threads, { actors: [], actions: ACTIONS });
      expect(html).not.toContain("Actors");
      expect(html).not.toContain("<details");
      expect(html).not.toContain("actorIds");
      expect(html).not.toContain("annotation-filter-actor");
      expect(html).not.toContain("act-chef");
    }
    const shell = render({ threads: [thread("s1")], actors: [], mayCreate: [], userId: "u2", asOf: 1 });
    expect(shell).not.toContain("Actors");
    expect(shell).not.toContain("annotation-filter-actor");
  });
});
