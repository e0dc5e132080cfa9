import { describe, expect, it } from 'vitest';
import { makeOrganization, makeUser, TEST_PASSWORD } from '@credence/api/testing';
import { setupBrowserApp } from './helpers.ts';

const app = setupBrowserApp();

describe('the built web app in Chromium', () => {
  it('signs in through the typed API, shows who is signed in, and signs out', async () => {
    const org = await makeOrganization(app.db.em(), { name: 'Browser Test Org' });
    const user = await makeUser(app.db.em(), 'ADMIN', org, { name: 'Brenda Browser' });
    const page = await app.browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));

    await page.goto(app.server.url);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Email or password is wrong');

    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A client admin starts on their own training, with the admin pages in the navigation.
    await page.getByRole('heading', { name: 'My training' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/training');
    expect(await page.getByText('Browser Test Org').count()).toBeGreaterThan(0);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'My training',
      'People',
      'Training projects',
      'Reports',
    ]);

    await page.reload();
    await page.getByRole('heading', { name: 'My training' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // The page talks only to its own origin.
    expect(requests.every((url) => url.startsWith(app.server.url))).toBe(true);
    await page.close();
  });

  it('opens a deep link after signing in, and refuses pages outside the role', async () => {
    const org = await makeOrganization(app.db.em());
    const learner = await makeUser(app.db.em(), 'EMPLOYEE', org);
    const page = await app.browser.newPage();
    await page.goto(`${app.server.url}/catalog`);
    await page.getByLabel('Email').fill(learner.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This page does not exist, or you do not have access to it.').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['My training']);
    await page.getByRole('link', { name: 'Go to your start page' }).click();
    await page.getByRole('heading', { name: 'My training' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/training');
    await page.close();
  });

  it('serves the app for client-side routes', async () => {
    const res = await fetch(`${app.server.url}/some/deep/link`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
  });
});
