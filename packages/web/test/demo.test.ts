import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoData } from '@credence/api/seed';
import type { Page } from 'playwright-core';
import { setupBrowserApp, shot, signIn } from './helpers.ts';

const app = setupBrowserApp((db) => seedDemoData(db.em()));

/** Opens a page through the navigation and checks it rendered without an error. */
async function visit(page: Page, nav: string, heading: string, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: nav }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await page
    .getByRole('status')
    .filter({ hasText: /^Loading/ })
    .first()
    .waitFor({ state: 'detached' });
  expect(await page.locator('.alert-error').count()).toBe(0);
  await shot(page, name);
}

describe('every main page on the demo data', () => {
  it('renders for a platform admin', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, app.server.url, 'admin@credence.test', '/', DEMO_PASSWORD);
    await visit(page, 'Catalog', 'Catalog', 'demo-staff-catalog');
    expect(await page.getByRole('row').count()).toBeGreaterThan(1);
    await page.getByRole('row').nth(1).getByRole('link').first().click();
    await page.getByRole('list', { name: 'Courses in order' }).waitFor();
    await shot(page, 'demo-staff-track');
    const exam = page.getByRole('link', { name: 'Exam', exact: true }).first();
    if ((await exam.count()) > 0) {
      await exam.click();
      await page.getByRole('button', { name: 'Save exam' }).waitFor();
      await shot(page, 'demo-staff-exam', false);
    }
    await visit(page, 'Organisations', 'Organisations', 'demo-staff-organisations');
    await visit(page, 'People', 'People', 'demo-staff-people');
    await visit(page, 'Projects', 'Projects', 'demo-staff-projects');
    const project = page.getByRole('row').nth(1).getByRole('link').first();
    if ((await project.count()) > 0) {
      await project.click();
      await page.getByRole('heading', { name: 'Training status' }).waitFor();
      await page.getByRole('status').filter({ hasText: /READY/ }).waitFor();
      await shot(page, 'demo-staff-project');
    }
    await visit(page, 'Reports', 'Reports', 'demo-staff-reports');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders for a client admin and a learner', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, app.server.url, 'admin@northwind.test', '/', DEMO_PASSWORD);
    await visit(page, 'My training', 'My training', 'demo-admin-training');
    await visit(page, 'People', 'People', 'demo-admin-people');
    await visit(page, 'Training projects', 'Training projects', 'demo-admin-projects');
    await visit(page, 'Reports', 'Reports', 'demo-admin-reports');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    await signIn(page, app.server.url, 'employee@northwind.test', '/', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'My training', level: 1 }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Loading/ })
      .first()
      .waitFor({ state: 'detached' });
    await shot(page, 'demo-learner-training');
    expect(errors).toEqual([]);
    await page.close();
  });
});
