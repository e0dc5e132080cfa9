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

describe('a learner in the browser', () => {
  it('enrols, starts and completes the courses, and sees the track complete', async () => {
    const org = await makeOrganization(app.db.em(), { name: 'Acme Health' });
    const learner = await makeUser(app.db.em(), 'EMPLOYEE', org, { name: 'Lena Learner' });
    const staff = await makeStaff(app.db.em());
    const track = await makeTrack(app.db.em(), {
      name: 'Speak-Up Essentials',
      type: 'CLIENT_EMPLOYEE',
      requiredForGoLive: true,
    });
    await makeCourse(app.db.em(), track, { name: 'Why speaking up matters', sortOrder: 1 });
    await makeCourse(app.db.em(), track, { name: 'Making a report', sortOrder: 2 });
    const examCourse = await makeCourse(app.db.em(), track, {
      name: 'Knowledge check',
      sortOrder: 3,
      isRequired: false,
    });
    await callerFor(app.db.em(), staff).catalog.saveQuiz({
      courseId: examCourse.id,
      questions: [
        {
          type: 'TRUE_FALSE',
          prompt: 'Reports can be anonymous.',
          options: [
            { id: 'true', text: 'True' },
            { id: 'false', text: 'False' },
          ],
          correctOptionIds: ['true'],
        },
      ],
    });
    // Tracks of other audiences are not offered to an employee.
    await makeTrack(app.db.em(), {
      name: 'Investigator Practitioner',
      type: 'CLIENT_INVESTIGATOR',
    });

    const page = await app.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await signIn(page, app.server.url, learner.email);
    await page.getByRole('heading', { name: 'My training' }).waitFor();
    await page.getByText('You are not enrolled in any track yet.').waitFor();
    expect(await page.getByText('Investigator Practitioner').count()).toBe(0);
    await shot(page, 'learner-1-my-training-empty');

    await page.getByRole('button', { name: 'Enrol in Speak-Up Essentials' }).click();
    await page.getByRole('heading', { name: 'Speak-Up Essentials', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/training\/[0-9a-f-]{36}$/);

    const row = (name: string) => page.getByRole('listitem', { name });
    // Content opens in a new tab without giving it a handle on this page.
    const link = row('Why speaking up matters').getByRole('link', { name: /Open course content/ });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await row('Knowledge check').getByText('Exam required').count()).toBe(1);
    expect(
      await row('Knowledge check')
        .getByRole('button', { name: /Mark .* complete/ })
        .count(),
    ).toBe(0);
    await shot(page, 'learner-2-track-not-started');

    await page.getByRole('button', { name: 'Start Why speaking up matters' }).click();
    await page.getByRole('button', { name: 'Mark Why speaking up matters complete' }).click();
    await row('Why speaking up matters').getByText('Completed', { exact: true }).waitFor();
    await expect
      .poll(() =>
        page.getByRole('progressbar', { name: 'Track progress' }).getAttribute('aria-valuenow'),
      )
      .toBe('50');
    await page.getByRole('button', { name: 'Start Making a report' }).click();
    await shot(page, 'learner-3-track-in-progress');
    await page.getByRole('button', { name: 'Mark Making a report complete' }).click();
    await page.getByText('Track complete.').waitFor();
    await shot(page, 'learner-4-track-complete');

    // Back on the overview the enrolment shows as completed, at 100 %.
    await page.getByRole('link', { name: 'My training' }).first().click();
    const card = page.getByRole('listitem').filter({ hasText: 'Speak-Up Essentials' });
    await card.getByText('Completed', { exact: true }).waitFor();
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await page.getByText('You are enrolled in every track open to you.').waitFor();
    await shot(page, 'learner-5-my-training-complete');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'learner-6-my-training-phone');

    const [enrollment] = await callerFor(app.db.em(), learner).learning.myTracks();
    expect(enrollment?.status).toBe('COMPLETED');
    await page.close();
  });
});
