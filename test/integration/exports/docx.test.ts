// The DOCX renderer against a real word processor: Debian's LibreOffice Writer opens the files
// (text, comments, outline, list numbers, PDF layout), and the package itself is read back to
// check the Word structures (heading styles, tables, lists, right-to-left, page fields).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDocx } from "../../../app/domain/exports/docx.server.js";
import type { Block, ExportModel } from "../../../app/domain/exports/model.js";
import { ARABIC_NAME, SAMPLE_HASH, sampleExportModel } from "../../support/export-model.js";
import { convertWithOffice, poppler } from "../../support/readers.js";

let dir: string;
const files = { notes: "", plain: "", lists: "" };
const docx: Record<keyof typeof files, JSZip> = {} as never;
const text: Record<keyof typeof files, string> = {} as never;
const flat: Record<"notes" | "plain", string> = {} as never;
let pdfInfo: string;

const soffice = async (format: string, paths: string[]) => convertWithOffice(paths, format, dir);

const paragraph = (words: string): Block => ({ type: "paragraph", content: [{ text: words }] });

/** Two ordered lists in a row (the second starting at 3) and an ordered list nested in a bullet. */
function listModel(): ExportModel {
  return {
    ...sampleExportModel(),
    parts: [
      { type: "list", ordered: true, start: 1, items: [[paragraph("Premier A")], [paragraph("Premier B")]] },
      { type: "list", ordered: true, start: 3, items: [[paragraph("Second C")]] },
      { type: "list", ordered: false, start: 1, items: [[paragraph("Puce"), { type: "list", ordered: true, start: 1, items: [[paragraph("Imbriqué")]] }]] },
    ],
  };
}

async function part(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`${path} missing`);
  return file.async("string");
}

/** The numbering of the paragraph holding `words`: its list (numId) and level. */
function numberingOf(documentXml: string, words: string) {
  const p = documentXml.split("</w:p>").find((chunk) => chunk.includes(words)) ?? "";
  return { numId: /<w:numId w:val="(\d+)"\/>/.exec(p)?.[1], ilvl: /<w:ilvl w:val="(\d+)"\/>/.exec(p)?.[1] };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "docx-export-"));
  const models = { notes: sampleExportModel({ notes: true }), plain: sampleExportModel(), lists: listModel() };
  for (const key of Object.keys(files) as (keyof typeof files)[]) {
    const buffer = await renderDocx(models[key]);
    files[key] = join(dir, `${key}.docx`);
    await writeFile(files[key], buffer);
    docx[key] = await JSZip.loadAsync(buffer);
  }
  await soffice("txt:Text", Object.values(files));
  await soffice("fodt", [files.notes, files.plain]);
  await soffice("pdf", [files.notes]);
  for (const key of Object.keys(files) as (keyof typeof files)[]) text[key] = await readFile(join(dir, `${key}.txt`), "utf8");
  flat.notes = await readFile(join(dir, "notes.fodt"), "utf8");
  flat.plain = await readFile(join(dir, "plain.fodt"), "utf8");
  pdfInfo = poppler("pdfinfo", join(dir, "notes.pdf"));
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("DOCX export", () => {
  it("opens in Writer with the whole text: title, accents, Arabic names, hash, sign-off record", () => {
    const model = sampleExportModel({ notes: true });
    expect(text.notes).toContain(model.documentTitle);
    expect(text.notes).toContain("Point 2 : sécurité des marchés hebdomadaires");
    expect(text.notes).toContain(ARABIC_NAME);
    expect(text.notes).toContain(SAMPLE_HASH);
    expect(text.notes).toContain("Aminata Traoré");
    expect(text.notes).toContain("Le texte oublie les coopératives.");
    expect(text.notes).toContain("Signature sur papier · témoin : Oumar Touré");
  });

  it("is a Word document: heading styles, tables, lists, right-to-left runs, page fields, A4, language", async () => {
    const document = await part(docx.notes, "word/document.xml");
    expect(document).toContain('<w:pStyle w:val="Title"/>');
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain('<w:pStyle w:val="Heading2"/>');
    expect(document).toContain("<w:tbl>");
    expect(document).toContain("<w:tblHeader/>");
    expect(document).toContain("<w:numPr>");
    expect(document).toContain("<w:bidi/>");
    expect(document).toMatch(/<w:r><w:rPr><w:rtl\/><\/w:rPr><w:t xml:space="preserve">محمد أغ عثمان<\/w:t>/);
    expect(document).toContain('<w:pgSz w:w="11906" w:h="16838"');
    const footers = await Promise.all(
      Object.keys(docx.notes.files)
        .filter((path) => /^word\/footer\d+\.xml$/.test(path))
        .map((path) => part(docx.notes, path)),
    );
    expect(footers.join("")).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
    expect(footers.join("")).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
    expect(await part(docx.notes, "word/styles.xml")).toContain('<w:lang w:val="fr-FR"');
    expect(await part(docx.notes, "docProps/core.xml")).toContain("<dc:title>Feuille de route pour la gouvernance locale</dc:title>");
    const english = await JSZip.loadAsync(await renderDocx({ ...sampleExportModel(), language: "en" }));
    expect(await part(english, "word/styles.xml")).toContain('<w:lang w:val="en-GB"');
    // Writer reads the heading styles as outline levels (its navigator, Word's navigation pane).
    expect(flat.plain).toMatch(/<text:h [^>]*text:outline-level="1"[^>]*>Section 1/);
    expect(flat.plain).toMatch(/<text:h [^>]*text:outline-level="2"[^>]*>2\. Point 2/);
  });

  it("lays out pages in Writer", () => {
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(pdfInfo)?.[1]);
    // The sign-off record starts on its own page.
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pdfInfo).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it("turns notes into real comments, by their first author", async () => {
    const comments = await part(docx.notes, "word/comments.xml");
    expect(comments).toContain("Note confidentielle 1");
    expect(comments).toContain('w:author="Fatoumata Cissé"');
    expect(comments).toContain('w:initials="FC"');
    expect(comments).toContain("«\u00A0éleveurs, femmes et jeunes\u00A0»");
    const document = await part(docx.notes, "word/document.xml");
    expect(document.match(/<w:commentReference /g)).toHaveLength(3);
    // Writer sees three annotations: two on item headings, one under "Autres notes".
    expect(flat.notes.match(/<office:annotation /g)).toHaveLength(3);
    expect(flat.notes).toContain("Note confidentielle 99");
    expect(text.notes).toContain("Autres notes");
  });

  it("without notes, emits no comment at all", async () => {
    // docx 9.5.1 always writes word/comments.xml; without notes it holds no comment.
    const comments = await part(docx.plain, "word/comments.xml");
    expect(comments).not.toContain("<w:comment ");
    const document = await part(docx.plain, "word/document.xml");
    expect(document).not.toMatch(/commentRangeStart|commentReference/);
    expect(flat.plain).not.toContain("<office:annotation");
    expect(text.plain).not.toContain("Note confidentielle");
    expect(text.plain).not.toContain("Autres notes");
  });

  it("restarts each ordered list and nests lists", async () => {
    // A nested ordered list counts in letters, as Word's own multilevel lists do.
    expect(text.lists).toMatch(/1\. Premier A\s+2\. Premier B\s+3\. Second C\s+• Puce\s+a\. Imbriqué/);
    const document = await part(docx.lists, "word/document.xml");
    const [a, b, c, nested] = ["Premier A", "Premier B", "Second C", "Imbriqué"].map((words) => numberingOf(document, words));
    expect(a.numId).toBe(b.numId);
    expect(c.numId).not.toBe(a.numId);
    expect(nested.numId).not.toBe(a.numId);
    expect(nested.numId).not.toBe(numberingOf(document, "Puce").numId);
  });

  it("renders 200 items quickly", async () => {
    const model = sampleExportModel({ items: 200, notes: true });
    const started = performance.now();
    const buffer = await renderDocx(model);
    const ms = performance.now() - started;
    console.log(`renderDocx: 200 items in ${ms.toFixed(0)} ms (${buffer.length} bytes)`);
    const document = await part(await JSZip.loadAsync(buffer), "word/document.xml");
    expect(document).toContain("200. Point 200 : sécurité des marchés hebdomadaires");
  });
});
