import { describe, expect, it } from 'vitest';
import {
  callerFor,
  makeCourse,
  makeOrganization,
  makeStaff,
  makeTrack,
  makeUser,
} from '@credence/api/testing';
import { setupBrowserApp, shot, signIn } from './helpers.ts';

const app = setupBrowserApp();

describe('people, organisations and reports in the browser', () => {
  it('lets a client admin manage their people, bulk-enrol them and read the summary', async () => {
    const org = await makeOrganization(app.db.em(), { name: 'Contoso Labs' });
    const other = await makeOrganization(app.db.em(), { name: 'Fabrikam' });
    const admin = await makeUser(app.db.em(), 'ADMIN', org, { name: 'Carla Admin' });
    const employee = await makeUser(app.db.em(), 'EMPLOYEE', org, { name: 'Eli Employee' });
    const investigator = await makeUser(app.db.em(), 'INVESTIGATOR', org, {
      name: 'Ines Investigator',
    });
    await makeUser(app.db.em(), 'EMPLOYEE', other, { name: 'Frank Elsewhere' });
    const track = await makeTrack(app.db.em(), {
      name: 'Code of Conduct 2026',
      type: 'CLIENT_EMPLOYEE',
    });
    await makeCourse(app.db.em(), track, { name: 'The code' });

    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, app.server.url, admin.email, '/people');
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.getByText('Eli Employee').waitFor();
    // Only their own organisation.
    expect(await page.getByText('Frank Elsewhere').count()).toBe(0);

    await page.getByRole('button', { name: 'Add person' }).click();
    const add = page.getByRole('dialog', { name: 'Add person' });
    await add.getByLabel('Full name').fill('Nora Newhire');
    await add.getByLabel('Email').fill('nora.newhire@contoso.test');
    await add.getByLabel('Role').selectOption('EMPLOYEE');
    await add.getByLabel('Initial password').fill('short');
    await add.getByRole('button', { name: 'Add person' }).click();
    await add.getByText('Use at least 12 characters').waitFor();
    await add.getByLabel('Initial password').fill('a long enough password');
    await add.getByRole('button', { name: 'Add person' }).click();
    await add.waitFor({ state: 'hidden' });
    await page.getByText('nora.newhire@contoso.test').waitFor();

    // A duplicate email is the server's answer, shown in the form.
    await page.getByRole('button', { name: 'Add person' }).click();
    await add.getByLabel('Full name').fill('Nora Again');
    await add.getByLabel('Email').fill('nora.newhire@contoso.test');
    await add.getByLabel('Initial password').fill('a long enough password');
    await add.getByRole('button', { name: 'Add person' }).click();
    await add.getByRole('alert').filter({ hasText: 'That email is already used' }).waitFor();
    await add.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Edit Ines Investigator' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Ines Investigator' });
    // Making someone an admin is for Credence staff: a client admin is not offered the role.
    expect(await edit.getByLabel('Role').locator('option[value="ADMIN"]').count()).toBe(0);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Deactivate Eli Employee' }).click();
    await page
      .getByRole('dialog', { name: 'Deactivate Eli Employee?' })
      .getByRole('button', { name: 'Deactivate' })
      .click();
    await page
      .getByRole('row')
      .filter({ hasText: 'Eli Employee' })
      .getByText('Deactivated')
      .waitFor();
    // Nobody can lock themselves out from here.
    expect(await page.getByRole('button', { name: 'Edit Carla Admin' }).count()).toBe(0);
    await shot(page, 'people-1-client-admin');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/exports/track-summary.csv',
    );
    const bulk = page.getByRole('form', { name: 'Bulk enrolment' });
    await bulk.getByLabel('Track').selectOption(track.id);
    await bulk
      .getByLabel('Email addresses', { exact: true })
      .fill(
        [
          'nora.newhire@contoso.test',
          employee.email,
          'nobody@contoso.test',
          'not-an-email',
          investigator.email,
        ].join('\n'),
      );
    await bulk.getByRole('button', { name: 'Enrol' }).click();
    const totals = page.getByRole('group', { name: 'Bulk enrolment totals' });
    await totals.waitFor();
    const results = page.getByRole('table', { name: 'Result per row' });
    expect(await results.getByRole('row').count()).toBe(6);
    await results
      .getByRole('row')
      .filter({ hasText: 'nora.newhire@contoso.test' })
      .getByText('Enrolled')
      .waitFor();
    expect(await results.getByText('Error', { exact: true }).count()).toBeGreaterThanOrEqual(2);
    // The summary follows.
    const summary = page.getByRole('table', { name: 'Enrolment and completion per track' });
    const enrolled = summary
      .getByRole('row')
      .filter({ hasText: 'Code of Conduct 2026' })
      .getByRole('cell')
      .first();
    // Nora only: Eli was deactivated above, and the investigator takes other tracks.
    await expect.poll(() => enrolled.textContent()).toBe('1');
    await shot(page, 'reports-1-client-admin-bulk');
    await page.close();
  });

  it('lets a platform admin create an organisation and filter the report and its CSV', async () => {
    const staff = await makeStaff(app.db.em(), 'PLATFORM_ADMIN');
    const acme = await makeOrganization(app.db.em(), {
      name: 'Acme Retail',
      industrySector: 'Retail',
    });
    const learner = await makeUser(app.db.em(), 'EMPLOYEE', acme);
    const track = await makeTrack(app.db.em(), {
      name: 'Retail Speak-Up',
      type: 'CLIENT_EMPLOYEE',
    });
    await makeCourse(app.db.em(), track);
    await callerFor(app.db.em(), learner).learning.enroll({ trackId: track.id });

    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, app.server.url, staff.email, '/organisations');
    await page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New organisation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New organisation' });
    await dialog.getByLabel('Name').fill('Globex Health');
    await dialog.getByLabel('Industry sector').fill('Healthcare');
    await dialog.getByLabel('Employees').fill('0');
    await dialog.getByRole('button', { name: 'Create organisation' }).click();
    await dialog.getByText('At least 1').waitFor();
    await dialog.getByLabel('Employees').fill('1200');
    await dialog.getByRole('button', { name: 'Create organisation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('row')
      .filter({ hasText: 'Globex Health' })
      .getByText('Onboarding')
      .waitFor();
    await shot(page, 'organisations-1-list');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByLabel('Organisation').selectOption(acme.id);
    const link = page.getByRole('link', { name: 'Download CSV' });
    expect(await link.getAttribute('href')).toBe(
      `/exports/track-summary.csv?organizationId=${acme.id}`,
    );
    const row = page.getByRole('row').filter({ hasText: 'Retail Speak-Up' });
    await row.waitFor();
    const csv = await page.request.get(`${app.server.url}${await link.getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Retail Speak-Up');
    await shot(page, 'reports-2-staff');
    await page.close();
  });
});
