// The PDF renderer read back by Poppler, as a reader's tools see the file: pdftotext for the
// words, pdffonts for the fonts (embedded Noto only, no standard 14 font), pdfinfo for the page
// size and count. Arabic text extraction is lossy with Noto Sans Arabic (letters sharing one
// dotless glyph map to one character), so only words that come back reliably are checked here;
// shaping and right-to-left order are checked on rendered pages by eye.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPdf, renderSignatureSheet } from "../../../app/domain/exports/pdf.server.js";
import { SAMPLE_HASH, sampleExportModel } from "../../support/export-model.js";
import { pdfText, poppler } from "../../support/readers.js";

const dir = mkdtempSync(join(tmpdir(), "export-pdf-"));
const files: Record<"large" | "notes" | "sheet", string> = { large: "", notes: "", sheet: "" };

const text = (file: string, page?: number) => pdfText(file, { page, layout: true });
const pageCount = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(poppler("pdfinfo", file))![1]);

async function timed(label: string, render: () => Promise<Buffer>): Promise<Buffer> {
  const start = performance.now();
  const pdf = await render();
  console.log(`${label}: ${Math.round(performance.now() - start)} ms, ${pdf.length} bytes`);
  return pdf;
}

beforeAll(async () => {
  // The first render in a process also parses the fonts' tables (once per process): both printed, never asserted.
  const large = await timed("PDF, 200 items, first render in this process", () => renderPdf(sampleExportModel({ items: 200 })));
  await timed("PDF, 200 items, again", () => renderPdf(sampleExportModel({ items: 200 })));
  const notes = await renderPdf(sampleExportModel({ notes: true }));
  const sheet = await timed("signature sheet", () => renderSignatureSheet(sampleExportModel({ signatures: true })));
  for (const [name, pdf] of [
    ["large", large],
    ["notes", notes],
    ["sheet", sheet],
  ] as const) {
    files[name] = join(dir, `${name}.pdf`);
    writeFileSync(files[name], pdf);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("renderPdf", () => {
  it("prints the title, accented item titles, the full hash, the sign-off record's names", () => {
    const all = text(files.large);
    expect(all).toContain("Feuille de route pour la gouvernance locale");
    expect(all).toContain("Dialogue intercommunautaire de Kidal");
    expect(all).toContain("Point 2 : sécurité des marchés hebdomadaires");
    expect(all).toContain("Point 200 : sécurité des marchés hebdomadaires");
    expect(all).toContain(SAMPLE_HASH);
    expect(all).toContain("Aminata Traoré");
    expect(all).toContain("Registre des validations");
    expect(all).toContain("Contact : site du projet");
  });

  it("draws Arabic words in an order a reader's tools read back logically", () => {
    // محمد comes out whole and before أغ: drawn right to left, read back in logical order.
    expect(text(files.large, 1)).toMatch(/محمد أغ/);
  });

  it("numbers every page in its footer, with the short hash", () => {
    const pages = pageCount(files.large);
    expect(pages).toBeGreaterThan(1);
    for (const page of [1, 2, Math.ceil(pages / 2), pages]) {
      const onPage = text(files.large, page);
      expect(onPage).toContain(`Page ${page} sur ${pages}`);
      expect(onPage).toContain("a3f9 1c02 77de 0b41");
    }
    expect(text(files.large)).toContain("Page 1 sur");
  });

  it("starts the sign-off record on a page of its own", () => {
    const last = text(files.large, pageCount(files.large));
    expect(last.trimStart().startsWith("Registre des validations")).toBe(true);
    expect(last).toContain(SAMPLE_HASH);
  });

  it("prints team notes only when the model has them", () => {
    expect(text(files.large)).not.toContain("Note confidentielle");
    const withNotes = text(files.notes);
    expect(withNotes).toContain("Note confidentielle 1");
    expect(withNotes).toContain("Autres notes");
    expect(withNotes).toContain("Document interne : contient les notes de l'équipe. Ne pas diffuser.");
  });

  it("embeds Noto subsets only: no standard 14 font", () => {
    for (const file of [files.large, files.notes, files.sheet]) {
      const rows = poppler("pdffonts", file).trim().split("\n").slice(2);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const columns = row.trim().split(/\s+/);
        expect(columns[0]).toMatch(/^[A-Z]{6}\+NotoSans(Arabic)?-/);
        // name, type (two words), encoding, emb, sub, uni, object ID (two numbers)
        expect(columns.slice(-5, -2), row).toEqual(["yes", "yes", "yes"]);
      }
    }
    const fonts = poppler("pdffonts", files.large);
    expect(fonts).toContain("NotoSansArabic-Regular");
    expect(fonts).toContain("NotoSans-Bold");
    expect(fonts).not.toMatch(/Helvetica|Times|Courier/);
  });

  it("is A4, titled, in the model's language, with an outline and a link annotation", () => {
    const info = poppler("pdfinfo", files.large);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/Title:\s+Feuille de route pour la gouvernance locale/);
    // pdfkit compresses content streams only: the catalog and annotations are plain text.
    const raw = readFileSync(files.large, "latin1");
    expect(raw).toContain("/Lang (fr)");
    expect(raw).toContain("/Outlines");
    expect(raw).toContain("/URI (https://example.org/kidal)");
  });
});

describe("renderSignatureSheet", () => {
  it("has one page per category, each with the category, the full hash and the short hash in its footer", () => {
    const categories = sampleExportModel({ signatures: true }).signatureSheet!.categories;
    expect(pageCount(files.sheet)).toBe(categories.length);
    categories.forEach((category, i) => {
      const page = text(files.sheet, i + 1);
      expect(page).toContain(category.name);
      expect(page).toContain(SAMPLE_HASH);
      expect(page).toContain("a3f9 1c02 77de 0b41");
      expect(page).toContain("Signature ou empreinte digitale");
      expect(page).toContain(`Page ${i + 1} sur ${categories.length}`);
    });
    expect(poppler("pdfinfo", files.sheet)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it("refuses a model without a signature sheet", async () => {
    await expect(renderSignatureSheet(sampleExportModel())).rejects.toThrow(/signature sheet/);
  });
});
