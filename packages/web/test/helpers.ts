import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  createTestDatabase,
  startTestServer,
  TEST_PASSWORD,
  type TestDatabase,
  type TestServer,
} from '@credence/api/testing';
import { launchBrowser, WEB_DIST } from './browser.ts';

/** Screenshots for a person to look at; outside the repository. */
export const SHOTS_DIR = process.env.CREDENCE_SHOTS_DIR ?? '/tmp/credence-shots';

/** `fullPage: false` for pages with sticky bars, which a full-page capture draws mid-page. */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  // Let transitions (progress bars) settle before the picture.
  await page.waitForTimeout(350);
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage });
}

/** Signs in through the login form and waits for the app shell. */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  at = '/',
  password = TEST_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}${at}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export interface BrowserApp {
  db: TestDatabase;
  /** The API serving the built app (`dist`). */
  server: TestServer;
  browser: Browser;
}

/**
 * For one test file: a fresh database (`seed` fills it before the server starts), the API
 * serving the built app, and a headless Chromium; all closed after the file's tests. The
 * fields are there once the tests run.
 */
export function setupBrowserApp(seed?: (db: TestDatabase) => Promise<unknown>): BrowserApp {
  const app = {} as BrowserApp;
  let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    app.db = await createTestDatabase();
    await seed?.(app.db);
    app.server = await startTestServer(app.db.orm, WEB_DIST);
    launched = await launchBrowser();
    app.browser = launched.browser;
  });
  afterAll(async () => {
    await launched?.close();
    await app.server?.close();
    await app.db?.close();
  });
  return app;
}
