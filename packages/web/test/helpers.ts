import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from '@credence/api/testing';

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
