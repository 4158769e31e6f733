/**
 * Headless Chromium (Debian's `chromium` package) driven by puppeteer-core, with the network cut off: any
 * request that is not file: or data: fails and is recorded, so a test can prove the page needs no network.
 */
import { existsSync } from 'node:fs';
import { type Browser, launch, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface OfflinePage {
  page: Page;
  /** URLs the page tried to fetch that were not file: or data:. */
  blocked: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`headless Chromium not found at ${CHROMIUM}: run apt-get install -y chromium`);
  }
  // --no-sandbox: the tests run as root, where Chromium refuses its sandbox.
  return launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

export async function openOffline(browser: Browser, fileUrl: string): Promise<OfflinePage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  const blocked: string[] = [];
  const errors: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('file:') || url.startsWith('data:')) void req.continue();
    else {
      blocked.push(url);
      void req.abort('internetdisconnected');
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('requestfailed', (req) => {
    if (!blocked.includes(req.url())) errors.push(`request failed: ${req.url()}`);
  });
  await page.goto(fileUrl, { waitUntil: 'load' });
  return { page, blocked, errors };
}
