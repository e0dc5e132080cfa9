import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The machine's Chromium (Debian's package; scripts/bootstrap.sh installs it when missing). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // Playwright gives each launch a fresh, temporary profile.
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export const WEB_DIST = path.resolve(import.meta.dirname, '../dist');
