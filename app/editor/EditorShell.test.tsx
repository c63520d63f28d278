import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { createI18n } from "../core/i18n/index.js";
import type { TextBlock } from "./document-text.js";
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
      <I18nextProvider i18n={createI18n("fr")}>
        <EditorShell initialBlocks={blocks} documentId="d1" user={{ name: "Awa", color: "#1f4e5f" }} readOnly={false} />
      </I18nextProvider>,
    );
    expect(html).toContain("<h2>Feuille de route</h2>"); // document h1 sits under the page's h1
    expect(html).toContain("<h6>Annexe</h6>");
    expect(html).toContain("Préambule &lt;script&gt;");
    expect(html).toMatch(
      /<ol><li>Cessez-le-feu<\/li><li style="margin-inline-start:1.5rem">Vérification<\/li><li>Échange de prisonniers<\/li><\/ol><ul><li>Puits<\/li><\/ul>/,
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
