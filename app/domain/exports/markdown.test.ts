import { HtmlRenderer, Parser } from "commonmark";
import { describe, expect, it } from "vitest";
import { ARABIC_NAME, SAMPLE_HASH, sampleExportModel } from "../../../test/support/export-model.js";
import { escapeText, renderMarkdown } from "./markdown.js";

// Read back by the CommonMark reference implementation: what a reader's software would show.
const html = (markdown: string) => new HtmlRenderer().render(new Parser().parse(markdown));

describe("Markdown export", () => {
  it("reads as the document: headings, items with their fields, lists, quotes, the hash and the record", () => {
    const md = renderMarkdown(sampleExportModel());
    const out = html(md);
    expect(out).toContain("<h1>Feuille de route pour la gouvernance locale</h1>");
    expect(out).toContain("<h2>Section 1 — Gouvernance et développement</h2>");
    expect(out).toContain("<h3>2. Point 2 : sécurité des marchés hebdomadaires</h3>");
    expect(out).toContain(`<h3>1. Gouvernance locale des points d'eau — ${ARABIC_NAME}</h3>`);
    expect(out).toContain("<strong>Parties responsables:</strong> Autorités coutumières; Femmes; " + ARABIC_NAME);
    expect(out).toContain("<strong>éleveurs, femmes et jeunes</strong>");
    expect(out).toMatch(/<ul>\s*<li>Réhabiliter le forage de Tin-Essako<\/li>/);
    expect(out).toMatch(/<ol>\s*<li>Étape un<\/li>/);
    expect(out).toContain("<blockquote>\n<p>« La paix se construit au village. »</p>");
    expect(out).toContain('<a href="https://example.org/kidal">site du projet</a>');
    expect(out).toContain("<br />");
    expect(out).toContain(SAMPLE_HASH);
    expect(out).toContain("<h2>Registre des validations</h2>");
    expect(out).toContain("Aminata Traoré: <strong>Objection</strong>, 2 déc. 2026 10:00 (remplacée par une décision ultérieure)");
    expect(out).toContain("Le texte oublie les coopératives.");
    // Nothing a reader would see as stray markup.
    expect(out).not.toMatch(/\*\*|__|\\\*/);
  });

  it("keeps notes out unless the model has them", () => {
    expect(renderMarkdown(sampleExportModel())).not.toContain("Note confidentielle");
    const internal = html(renderMarkdown(sampleExportModel({ notes: true })));
    expect(internal).toContain("Note confidentielle 1");
    expect(internal).toContain("<h2>Autres notes</h2>");
  });

  it("escapes text that would otherwise become markup", () => {
    const model = sampleExportModel({ items: 0 });
    model.parts = [
      { type: "paragraph", content: [{ text: "# not a heading *not emphasis* [not](a link) <b>no html</b> 1. not a list" }] },
      { type: "paragraph", content: [{ text: "1. still not a list" }] },
      { type: "paragraph", content: [{ text: "x`y", code: true }] },
    ];
    const out = html(renderMarkdown(model));
    expect(out).toContain("<p># not a heading *not emphasis* [not](a link) &lt;b&gt;no html&lt;/b&gt; 1. not a list</p>");
    expect(out).toContain("<p>1. still not a list</p>");
    expect(out).toContain("<code>x`y</code>");
    expect(escapeText("a*b_c")).toBe("a\\*b\\_c");
  });
});
