import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translator } from "~/core/i18n";
import { layoutStakeholderMap, type MapActor } from "~/core/stakeholders/map-layout";
import { mapTexts, messageTemplate, StakeholderMapSvg, stakeholderMapSvgDocument } from "./map-svg";

const categories = [
  { id: "c-youth", label: "Jeunes" },
  { id: "c-women", label: "Femmes" },
];
const actors: MapActor[] = [
  { id: "a1", name: "Association des femmes <Ber> & environs", categoryId: "c-women", community: null, influence: 4, legitimacy: 5, represented: true },
  { id: "a2", name: "Ganda Izo", categoryId: "c-youth", community: "Songhaï", influence: 5, legitimacy: 1, represented: false },
];

function setup(language: "en" | "fr") {
  const t = translator(language);
  const layout = layoutStakeholderMap({
    actors,
    categories,
    labels: {
      noCategory: t("stakeholders.choices.noCategory"),
      represented: t("stakeholders.choices.represented.yes"),
      notRepresented: t("stakeholders.choices.represented.no"),
    },
  });
  return { t, layout, texts: mapTexts(t, "Dialogue de Ber", layout.key.length, layout.total) };
}

/** Every element closed in order, attributes quoted: what an XML parser needs of React's output. */
function expectBalanced(markup: string) {
  const stack: string[] = [];
  for (const [, closing, name, attributes, selfClosing] of markup.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*?)(\/?)>/g)) {
    expect(attributes, `attributes of <${name}> are quoted`).toMatch(/^(\s+[\w:-]+="[^"<]*")*\s*$/);
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `</${name}> closes the open element`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  expect(markup.replace(/&(amp|lt|gt|quot|apos|#x?[0-9a-fA-F]+);/g, "")).not.toMatch(/&/);
}

describe("the stakeholder map's SVG", () => {
  it("is an image named by its title and description in the reader's language", () => {
    for (const language of ["en", "fr"] as const) {
      const { layout, texts } = setup(language);
      const html = renderToStaticMarkup(<StakeholderMapSvg layout={layout} texts={texts} language={language} />);
      expect(html).toMatch(/^<svg[^>]* role="img" aria-labelledby="stakeholder-map-title stakeholder-map-desc"/);
      expect(html).toContain(`lang="${language}"`);
      expect(html).toContain(
        `<title id="stakeholder-map-title">${language === "fr" ? "Cartographie des acteurs de" : "Stakeholder map of"} Dialogue de Ber</title>`,
      );
      expect(html).toMatch(/<desc id="stakeholder-map-desc">[^<]{80,}<\/desc>/);
      expect(html).toContain(language === "fr" ? "Légitimité perçue localement →" : "Legitimacy as perceived locally →");
      expect(html).toContain("Influence →");
      for (const tick of [1, 2, 3, 4, 5]) expect(html.match(new RegExp(`text-anchor="(middle|end)">${tick}</text>`, "g"))).toHaveLength(2);
      // Shrinks to its container (a 390 px phone) and no wider than 760 px on a laptop.
      expect(html).toMatch(/viewBox="0 0 400 \d+" width="100%"/);
      expect(html).toContain("max-width:760px");
      expectBalanced(html);
    }
  });

  it("marks represented actors with a filled disc and the others with a dashed ring, each with its full name in a <title>", () => {
    const { layout, texts } = setup("en");
    const html = renderToStaticMarkup(<StakeholderMapSvg layout={layout} texts={texts} language="en" />);
    const group = (number: number) => html.match(new RegExp(`<g><title>${number}\\. [^<]*</title><circle [^>]*>`))![0];
    // Name order: "Association…" is 1, "Ganda Izo" 2.
    expect(group(1)).toContain("Association des femmes &lt;Ber&gt; &amp; environs — Femmes, Represented");
    expect(group(1)).toMatch(/fill="#[0-9a-f]{6}" stroke="#[0-9a-f]{6}" stroke-width="1.5"/);
    expect(group(1)).not.toContain("stroke-dasharray");
    expect(group(2)).toContain("Ganda Izo — Jeunes, Not represented");
    expect(group(2)).toMatch(/fill="#ffffff" stroke="#[0-9a-f]{6}" stroke-width="2" stroke-dasharray=/);
    // The legend shows both shapes in words.
    expect(html).toContain(">Represented</text>");
    expect(html).toContain(">Not represented</text>");
  });

  it("makes a standalone file: XML declaration, namespace, heading, the drawing and the numbered key as text", async () => {
    const { layout, texts } = setup("fr");
    const file = await stakeholderMapSvgDocument({
      layout,
      texts,
      language: "fr",
      heading: "Cartographie des acteurs — Dialogue de Ber",
      meta: ["2 acteurs sur 2 · exporté le 3 mars 2026"],
      confidential: "Confidentiel",
      keyTitle: "Acteurs de la carte, par numéro",
      keyLines: layout.key.map((k) => `${k.number}. ${k.name} — ${k.categoryLabel}`),
    });
    expect(file.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(file).toContain('xml:lang="fr"');
    expect(file).toContain(">Cartographie des acteurs — Dialogue de Ber</text>");
    expect(file).toContain(">2 acteurs sur 2 · exporté le 3 mars 2026</text>");
    expect(file).toContain("1. Association des femmes &lt;Ber&gt; &amp; environs — Femmes");
    expect(file).toContain("2. Ganda Izo — Jeunes");
    expect(file).not.toContain("<!--");
    const [, width, height] = file.match(/viewBox="0 0 (\d+) (\d+)"/)!;
    expect(Number(height)).toBeGreaterThan(layout.height);
    expect(file).toContain(`width="${Number(width) * 2}" height="${Number(height) * 2}"`);
    expectBalanced(file.slice(file.indexOf("<svg")));
  });
});

describe("messages filled many times", () => {
  it("give what t gives, in both languages, and never read a value as a placeholder", () => {
    for (const language of ["en", "fr"] as const) {
      const t = translator(language);
      const position = messageTemplate(t, "stakeholders.map.position", ["legitimacy", "influence"]);
      expect(position({ legitimacy: 2, influence: 5 })).toBe(t("stakeholders.map.position", { legitimacy: 2, influence: 5 }));
      const title = messageTemplate(t, "stakeholders.map.markerTitle", ["number", "name", "category", "represented"]);
      expect(title({ number: 7, name: "{{category}} & co", category: "Jeunes", represented: "x" })).toBe(`7. {{category}} & co — Jeunes, x`);
    }
  });
});
