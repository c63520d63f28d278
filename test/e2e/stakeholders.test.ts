// The stakeholder map in Chromium, as the analyst uses it: adds actors through the form, finds them
// in the table, on the map (server-drawn SVG, readable on a phone) and in the inclusion gaps, in
// English and in French; a representative is told the map does not exist (404). Each view passes an
// axe scan.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { query } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { processWithEveryRole, type ProcessWorld } from "../support/world.js";

let server: TestServer;
let browser: Browser;
let w: ProcessWorld;
let analyst: BrowserContext;
let representative: BrowserContext;
const problems: string[] = [];
const base = () => `/processes/${w.processId}/stakeholders`;

async function open(context: BrowserContext, path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(server.url + path);
  return page;
}

describeBrowser("stakeholder map (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    w = await processWithEveryRole(server, { title: "Dialogue de Ber", representativeCategory: "youth", representativeAffiliation: "Jeunes de Ber" });
    analyst = await signedInContext(browser, w.members.analyst.client);
    representative = await signedInContext(browser, w.members.representative.client);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the analyst adds actors through the form and finds them in the table", async () => {
    const page = await open(analyst, `/processes/${w.processId}`);
    await page.getByRole("link", { name: "Stakeholder map" }).click();
    await page.getByRole("heading", { name: "Stakeholder map" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A provider of security with an alleged link to trafficking, nobody in the dialogue.
    await page.getByRole("link", { name: "Add an actor" }).click();
    await page.getByRole("heading", { name: "Add an actor" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Milice de Tin Aicha");
    await page.getByLabel("Kind").selectOption("group");
    await page.getByLabel("Stakeholder category").selectOption({ label: "Armed movements" });
    await page.getByLabel("Community").fill("Peul de Goundam");
    await page.getByRole("checkbox", { name: "Security" }).check();
    await page.getByLabel("Link to the illicit economy").selectOption("alleged");
    // The source is required for an alleged link: the form says so and keeps what was typed.
    await page.getByRole("button", { name: "Add the actor" }).click();
    await page.getByText("Say where an alleged or established link comes from.").waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Milice de Tin Aicha");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel("Source of this link").fill("Entretiens au marché de Ber, mars 2026");
    await page.getByLabel("Influence (1–5)").selectOption("5");
    await page.getByLabel("Legitimacy as perceived locally (1–5)").selectOption("2");
    await page.getByRole("button", { name: "Add the actor" }).click();
    await page.getByText("The actor was added to the map.").waitFor();
    expect(await page.getByRole("heading", { name: "Milice de Tin Aicha", exact: true }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A youth association represented by the youth representative.
    await page.getByRole("link", { name: "Add an actor" }).click();
    await page.getByRole("heading", { name: "Add an actor" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Association des jeunes de Ber");
    await page.getByLabel("Stakeholder category").selectOption({ label: "Youth" });
    await page.getByLabel("Community").fill("Songhaï");
    await page.getByRole("checkbox", { name: "Livelihoods" }).check();
    await page.getByRole("checkbox", { name: /Jeunes de Ber/ }).check();
    await page.getByLabel("Influence (1–5)").selectOption("2");
    await page.getByLabel("Legitimacy as perceived locally (1–5)").selectOption("4");
    await page.getByRole("button", { name: "Add the actor" }).click();
    await page.getByText("The actor was added to the map.").waitFor();

    await page.getByRole("link", { name: "Actors", exact: true }).click();
    const rows = page.locator("table.actors-table tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain("Association des jeunes de Ber");
    expect(await rows.nth(0).textContent()).toContain("Represented");
    expect(await rows.nth(1).textContent()).toContain("Not represented");
    // Sorting by influence, highest first, by clicking the column twice.
    await page.getByRole("link", { name: "Influence (1–5)" }).click();
    await page.waitForURL(/sort=influence/);
    await page.getByRole("link", { name: "Influence (1–5)" }).click();
    await page.waitForURL(/dir=desc/);
    // The URL changes as the new rows arrive: wait for them rather than read a frame too early.
    await rows.first().getByText("Milice de Tin Aicha").waitFor();
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain("Influence");
    // Filtering: not represented only.
    await page.getByLabel("Representation").selectOption("no");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/represented=no/);
    await page.getByText("1 of 2 actors").waitFor();
    expect(await rows.count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(query(server.dbPath, "SELECT COUNT(*) AS n FROM stakeholder_actors WHERE process_id = ?", w.processId)).toEqual([{ n: 2 }]);
    await page.close();
  });

  it("the map shows both actors, marked, and is readable at 390 px; the gaps panel names the missing, in English and French", async () => {
    const page = await open(analyst, `${base()}/map`, { width: 390, height: 844 });
    const svg = page.locator("svg.stakeholder-map-svg");
    await svg.waitFor();
    const text = (await svg.textContent()) ?? "";
    expect(text).toContain("Influence");
    const key = (await page.locator(".stakeholder-map-key").textContent()) ?? "";
    expect(key).toContain("Milice de Tin Aicha");
    expect(key).toContain("Association des jeunes de Ber");
    // Nothing wider than the phone's screen, and the map's words are not shrunk below a readable size.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const smallest = await page.evaluate(() => {
      const map = document.querySelector("svg.stakeholder-map-svg") as SVGSVGElement;
      const scale = map.getBoundingClientRect().width / map.viewBox.baseVal.width;
      const sizes = [...map.querySelectorAll("text")].map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * scale);
      return Math.min(...sizes);
    });
    expect(smallest).toBeGreaterThanOrEqual(9);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto(`${server.url}${base()}/gaps`);
    const providers = page.locator('[data-gap="providers"]');
    await providers.waitFor();
    expect(await providers.textContent()).toContain("Milice de Tin Aicha");
    expect(await providers.textContent()).not.toContain("Association des jeunes de Ber");
    expect(await page.locator('[data-gap="categories"]').textContent()).toContain("Women");
    expect(await page.locator('[data-gap="communities"]').textContent()).toContain("Peul de Goundam");
    expect(await seriousA11yViolations(page)).toEqual([]);

    // In French: the same panel and the map's words.
    await page.getByRole("button", { name: "Français" }).click();
    await page.getByRole("heading", { name: "Lacunes d'inclusion" }).first().waitFor();
    expect(await page.locator('[data-gap="providers"]').textContent()).toContain("Acteurs de gouvernance sans personne dans le dialogue");
    expect(await page.locator('[data-gap="categories"]').textContent()).toContain("Femmes");
    await page.goto(`${server.url}${base()}/map`);
    expect((await page.locator("svg.stakeholder-map-svg").textContent()) ?? "").toContain("Légitimité");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${server.url}${base()}/relations`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Relations between actors" }).waitFor();
    await page.close();
  });

  it("a representative is told the map does not exist", async () => {
    const page = await open(representative, `/processes/${w.processId}`);
    expect(await page.getByRole("link", { name: "Stakeholder map" }).count()).toBe(0);
    for (const path of ["", "/map", "/gaps", "/relations"]) {
      const response = await page.goto(`${server.url}${base()}${path}`);
      expect(response?.status(), path).toBe(404);
      expect(await page.content()).not.toContain("Milice de Tin Aicha");
    }
    await page.close();
    expect(problems).toEqual([]);
  });
});
