import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations } from "../support/browser.js";
import { startServerForAttempt, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;

async function expectAccessible(page: Page, name: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

describeBrowser("a facilitator invites a youth representative", () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates a process, invites, the representative joins in another browser, the overview shows who is missing", async () => {
    server = await startServerForAttempt(); // sign-up closed after the first account
    const facilitator = await (await browser.newContext()).newPage();
    await facilitator.goto(server.url);
    await facilitator.waitForURL(/\/signup$/);
    await facilitator.getByLabel("Email address").fill("aminata@example.org");
    await facilitator.getByLabel("Display name").fill("Aminata Traoré");
    await facilitator.getByLabel("Password", { exact: true }).fill("a long facilitator passphrase");
    await facilitator.getByRole("button", { name: "Create administrator account" }).click();
    await facilitator.waitForURL(`${server.url}/`);
    await expectAccessible(facilitator, "empty dashboard");

    await facilitator.getByRole("link", { name: "New process" }).first().click();
    await facilitator.waitForURL(/\/processes\/new$/);
    await expectAccessible(facilitator, "new process");
    await facilitator.getByLabel("Title").fill("Dialogue intercommunautaire de Ber, 2026");
    await facilitator.getByLabel("Locality").fill("Ber");
    await facilitator.getByLabel("Region").fill("Tombouctou");
    await facilitator.getByRole("button", { name: "Create process" }).click();
    await facilitator.waitForURL(/\/processes\/[0-9a-f-]{36}$/);
    const overviewUrl = facilitator.url();
    await expect.poll(() => facilitator.getByRole("heading", { level: 1 }).textContent()).toBe("Dialogue intercommunautaire de Ber, 2026");
    await expectAccessible(facilitator, "overview");

    await facilitator.getByRole("link", { name: "Members" }).click();
    await facilitator.waitForURL(/\/members$/);
    await expectAccessible(facilitator, "members");
    await facilitator.locator("nav.tabs").getByRole("link", { name: "Invitations" }).click();
    await facilitator.waitForURL(/\/invitations$/);
    await expectAccessible(facilitator, "invitations");
    await facilitator.locator("#invite-role").selectOption("representative");
    await facilitator.locator("#invite-category").selectOption({ label: "Youth" });
    await facilitator.locator("#invite-affiliation").fill("Songhai of Bourem");
    await facilitator.locator("#invite-note").fill("For Moussa, youth association of Ber");
    await facilitator.getByRole("button", { name: "Create invitation link" }).click();
    const linkInput = facilitator.locator("#invite-link");
    await linkInput.waitFor();
    const link = await linkInput.inputValue();
    expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);
    await expectAccessible(facilitator, "invitations with a new link");
    await expect.poll(() => facilitator.getByText("For Moussa, youth association of Ber").count()).toBeGreaterThan(0);

    // The representative, in a separate browser context (no shared cookies).
    const representative = await (await browser.newContext()).newPage();
    await representative.goto(link);
    await expect.poll(() => representative.getByRole("heading", { level: 1 }).textContent()).toContain("Dialogue intercommunautaire de Ber");
    await expectAccessible(representative, "invitation");
    await representative.getByRole("link", { name: "Create an account to join" }).click();
    await representative.waitForURL(/\/signup\?/);
    await expectAccessible(representative, "sign-up through invitation");
    await representative.getByLabel("Email address").fill("moussa@example.org");
    await representative.getByLabel("Display name").fill("Moussa Maïga");
    await representative.getByLabel("Password", { exact: true }).fill("a long representative passphrase");
    await representative.getByRole("button", { name: "Create account" }).click();
    await representative.waitForURL(/\/invite\//);
    await representative.getByRole("button", { name: "Join the process" }).click();
    await representative.waitForURL(/\/processes\/[0-9a-f-]{36}$/);
    expect(representative.url()).toBe(overviewUrl);
    const header = representative.locator(".process-header");
    await expect.poll(() => header.textContent()).toContain("Representative");
    const youthRow = representative.locator('tr[data-category="youth"]');
    await expect.poll(() => youthRow.textContent()).toContain("Moussa Maïga (Songhai of Bourem)");
    await expect.poll(() => representative.locator(".role-group", { hasText: "Moussa Maïga" }).textContent()).toContain("Youth");
    await expectAccessible(representative, "overview as representative");
    // The link worked once.
    const reuse = await (await browser.newContext()).newPage();
    const response = await reuse.goto(link);
    expect(response?.status()).toBe(410);
    await expect.poll(() => reuse.getByText("This invitation was already used.").count()).toBe(1);
    await expectAccessible(reuse, "used invitation");

    // The facilitator's overview: youth represented, the others flagged missing.
    await facilitator.goto(overviewUrl);
    expect(await facilitator.locator('tr[data-category="youth"]').getAttribute("data-represented")).toBe("true");
    expect(await facilitator.locator('tr[data-category="women"]').getAttribute("data-represented")).toBe("false");
    expect(await facilitator.locator('tr[data-category="women"]').textContent()).toContain("Missing");
    const summary = await facilitator.getByTestId("missing-summary").textContent();
    expect(summary).toContain("Not represented (8)");
    expect(summary).toContain("Women");
    expect(summary).not.toContain("Youth");
    await expectAccessible(facilitator, "overview with a representative");

    for (const section of ["Stakeholder categories", "Audit log", "Settings"]) {
      await facilitator.locator("nav.tabs").getByRole("link", { name: section }).click();
      await facilitator.waitForLoadState("networkidle");
      await expectAccessible(facilitator, section);
    }
    await expect.poll(() => facilitator.getByRole("heading", { name: "Process settings" }).count()).toBe(1);
    await facilitator.locator("nav.tabs").getByRole("link", { name: "Audit log" }).click();
    await expect.poll(() => facilitator.locator("table").textContent()).toContain("Invitation accepted");

    await facilitator.getByRole("link", { name: "My processes" }).click();
    await facilitator.waitForURL(`${server.url}/`);
    await expect.poll(() => facilitator.locator(".process-card").textContent()).toContain("Dialogue intercommunautaire de Ber, 2026");
    await expectAccessible(facilitator, "dashboard with a process");
    await facilitator.goto(overviewUrl + "/audit");

    // In French too.
    await facilitator.getByRole("button", { name: "Français" }).click();
    await expect.poll(() => facilitator.locator("table").textContent()).toContain("Invitation acceptée");
    await expectAccessible(facilitator, "audit log in French");
  });
});
