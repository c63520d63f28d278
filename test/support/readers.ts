// Exported files opened as a reader's software opens them: Debian's LibreOffice Writer (headless)
// and poppler's tools, installed by .ci/run. The app itself never needs them.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// One LibreOffice profile per test file (each runs in its own worker): parallel files never share one.
const profile = `file://${mkdtempSync(join(tmpdir(), "lo-profile-"))}`;

/** Converts files with Writer (`txt:Text`, `html`, `pdf`, `fodt`…) into `outDir`, named after each input. */
export function convertWithOffice(paths: string[], format: string, outDir: string): void {
  execFileSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", format, "--outdir", outDir, ...paths], {
    stdio: "ignore",
    timeout: 90_000,
  });
}

/** Runs a poppler tool (pdftotext, pdfinfo, pdffonts) and returns what it prints. */
export function poppler(command: "pdftotext" | "pdfinfo" | "pdffonts", ...args: string[]): string {
  return execFileSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** A PDF's text as pdftotext gives it (one page, or all; `layout` keeps the columns). */
export function pdfText(file: string, options: { page?: number; layout?: boolean } = {}): string {
  const pages = options.page ? ["-f", String(options.page), "-l", String(options.page)] : [];
  return poppler("pdftotext", "-enc", "UTF-8", ...pages, ...(options.layout ? ["-layout"] : []), file, "-");
}
