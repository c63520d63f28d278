import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { startServerForAttempt, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;

const admin = { email: "aminata.admin@example.org", name: "Aminata Traoré", password: "paix-durable-2026" };

async function expectAccessible(page: Page) {
  const violations = await seriousA11yViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

describeBrowser("foundation in Chromium", () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates the first account, signs out, signs in, refuses a wrong password and a second sign-up, switches language", async () => {
    server = await startServerForAttempt();
    const context = await browser.newContext({ locale: "en-US" });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      // 400/401 answers to bad input are expected; script errors, hydration and CSP violations are not.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text());
    });

    await page.goto(server.url);
    await page.waitForURL(/\/signup$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Create the administrator account");
    await expectAccessible(page);

    // Server-side validation with messages tied to fields.
    await page.getByLabel("Email address").fill("not-an-email");
    await page.getByLabel("Display name").fill(admin.name);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create administrator account" }).click();
    await expect.poll(() => page.locator("#field-email-error").textContent()).toContain("Enter a valid email address");
    expect(await page.locator("#field-password").getAttribute("aria-describedby")).toContain("field-password-error");
    await expectAccessible(page);

    await page.getByLabel("Email address").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Create administrator account" }).click();
    await page.waitForURL(server.url + "/");
    await expect.poll(() => page.locator("main").textContent()).toContain(`Welcome, ${admin.name}.`);
    await expectAccessible(page);

    // Account menu → sign out.
    await page.getByText(admin.name, { exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await expectAccessible(page);

    // Wrong password.
    await page.getByLabel("Email address").fill(admin.email);
    await page.getByLabel("Password").fill("wrong password entirely");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("The email address or the password is not correct.");

    // Sign in again.
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(server.url + "/");
    await expect.poll(() => page.locator("main").textContent()).toContain(`Welcome, ${admin.name}.`);

    // Account settings page.
    await page.goto(server.url + "/account");
    await expectAccessible(page);

    // Language switch: the preference follows the user.
    await page.getByRole("button", { name: "Français" }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("fr");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Paramètres du compte");
    await expectAccessible(page);
    await page.goto(server.url + "/");
    await expect.poll(() => page.locator("main").textContent()).toContain(`Bienvenue, ${admin.name}.`);

    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
    await context.close();
  });

  it("refuses a second sign-up without invitation, in French too", async () => {
    server = await startServerForAttempt();
    // The first account exists: sign-up is closed from now on.
    expect((await signUp(new HttpClient(server.url), uniqueAccount("admin"))).status).toBe(302);
    const context = await browser.newContext({ locale: "fr-FR", extraHTTPHeaders: { "accept-language": "fr-FR,fr;q=0.9" } });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.goto(server.url + "/signup");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Les inscriptions sont fermées");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await expectAccessible(page);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign-up is closed");
    await page.goto(server.url + "/login");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in");
    await expectAccessible(page);
    await page.goto(server.url + "/no/such/page");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    await expectAccessible(page);
    await context.close();
  });
});
