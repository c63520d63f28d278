// A second factor in Chromium, as its holder meets it on a phone: from the account page to the
// setup (a QR code to scan, the key to type), a code from the app, the recovery codes shown once;
// then signing in on another device asks for a code after the password.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { startServerForAttempt, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;
const PHONE = { width: 390, height: 844 };
const codeFor = (key: Uint8Array, offset = 0) => generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + offset), 6);

describeBrowser("second factor", () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("is set up from the account page on a phone, then asked for at sign-in", async () => {
    server = await startServerForAttempt(); // the first account is this one's, on every attempt
    const account = uniqueAccount("facilitator");
    const http = new HttpClient(server.url);
    await signUp(http, account);
    const context = await signedInContext(browser, http, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${server.url}/account`);
    await page.getByRole("link", { name: "Set up a second factor" }).click();
    await page.waitForURL(/\/account\/second-factor$/);
    await page.getByRole("button", { name: "Set up a second factor" }).click();

    const qr = page.getByRole("img", { name: "QR code for an authenticator app" });
    await qr.waitFor();
    const box = await qr.boundingBox();
    // Large enough to scan, within the phone's width.
    expect(box!.width).toBeGreaterThan(150);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const key = decodeBase32IgnorePadding((await page.getByTestId("second-factor-key").textContent())!.replace(/ /g, ""));

    await page.getByLabel("Code from the app").fill("000000");
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(() => page.locator(".field-error").first().textContent()).toContain("This code is not right.");
    await page.getByLabel("Code from the app").fill(codeFor(key));
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByTestId("recovery-codes").waitFor();
    expect(await page.getByTestId("recovery-codes").locator("li").count()).toBe(10);
    await expect.poll(() => page.getByTestId("second-factor-status").textContent()).toContain("10 recovery codes left.");

    // Another device: the password, then the code.
    const other = await browser.newContext({ locale: "en-US", viewport: PHONE });
    const signIn = await other.newPage();
    await signIn.goto(`${server.url}/login`);
    await signIn.getByLabel("Email address").fill(account.email);
    await signIn.getByLabel("Password").fill(account.password);
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await signIn.waitForURL(/\/login\/code$/);
    expect(await signIn.getByRole("heading", { level: 1 }).textContent()).toBe("Code from your authenticator app");
    await signIn.getByLabel("Code", { exact: true }).fill(codeFor(key, 1));
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await signIn.waitForURL(`${server.url}/`);
    expect(await other.cookies()).toContainEqual(expect.objectContaining({ name: "mw_session" }));
    await other.close();
    await context.close();
  });
});
