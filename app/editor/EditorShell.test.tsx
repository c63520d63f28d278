import { renderToString } from "react-dom/server";
import { I18nProvider } from "~/core/i18n/react.js";
import { describe, expect, it } from "vitest";
import { createI18n } from "../core/i18n/index.js";
import type { TextBlock } from "../core/document-text.js";
import { EditorShell, groupBlocks } from "./EditorShell.js";

const blocks: TextBlock[] = [
  { type: "heading", level: 1, text: "Feuille de route" },
  { type: "paragraph", text: "Préambule <script>" },
  { type: "listItem", ordered: true, depth: 0, text: "Cessez-le-feu" },
  { type: "listItem", ordered: false, depth: 1, text: "Vérification" },
  { type: "listItem", ordered: true, depth: 0, text: "Échange de prisonniers" },
  { type: "listItem", ordered: false, depth: 0, text: "Puits" },
  { type: "heading", level: 6, text: "Annexe" },
];

describe("EditorShell on the server", () => {
  it("renders the readable document and no editor", () => {
    const html = renderToString(
      <I18nProvider i18n={createI18n("fr")}>
        <EditorShell initialBlocks={blocks} documentId="d1" user={{ name: "Awa", color: "#1f4e5f" }} readOnly={false} />
      </I18nProvider>,
    );
    // Document h1 sits under the page's h1; every block finds its own direction (Arabic-script names and quotes).
    expect(html).toContain('<h2 dir="auto">Feuille de route</h2>');
    expect(html).toContain('<h6 dir="auto">Annexe</h6>');
    expect(html).toContain("Préambule &lt;script&gt;");
    expect(html).toMatch(
      /<ol><li dir="auto">Cessez-le-feu<\/li><li dir="auto" style="margin-inline-start:1.5rem">Vérification<\/li><li dir="auto">Échange de prisonniers<\/li><\/ol><ul><li dir="auto">Puits<\/li><\/ul>/,
    );
    expect(html).toContain("Version lisible du document");
    expect(html).not.toContain("editor-prosemirror");
  });

  it("groups consecutive list items of the same kind, nesting deeper items", () => {
    expect(groupBlocks(blocks).map((g) => (g.kind === "list" ? `${g.ordered ? "ol" : "ul"}:${g.items.length}` : g.block.type))).toEqual([
      "heading",
      "paragraph",
      "ol:3",
      "ul:1",
      "heading",
    ]);
  });
});
