import { describe, expect, it } from 'vitest';
import { callerFor, makeStaff } from '@credence/api/testing';
import { setupBrowserApp, shot, signIn } from './helpers.ts';

const app = setupBrowserApp();

describe('the catalog in the browser', () => {
  it('lets an editor create a track, add courses, re-order them and write an exam', async () => {
    const editor = await makeStaff(app.db.em(), 'IMPLEMENTATION_MANAGER');
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, app.server.url, editor.email);
    // Staff start on the catalog.
    await page.getByRole('heading', { name: 'Catalog', level: 1 }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents(),
    ).toEqual(['Catalog', 'Organisations', 'People', 'Projects', 'Reports', 'My training']);
    await page.getByText('No tracks match these filters.').waitFor();

    await page.getByRole('button', { name: 'New track' }).click();
    await page.getByRole('heading', { name: 'New track', level: 1 }).waitFor();
    // The shared schema speaks before the server is asked.
    await page.getByRole('button', { name: 'Create track' }).click();
    await page.getByText('Required', { exact: true }).first().waitFor();
    await page.getByLabel('Name').fill('Case Handling Practitioner');
    expect(await page.getByLabel('Slug').inputValue()).toBe('case-handling-practitioner');
    await page.getByLabel('Description').fill('Triage, investigate and close cases well.');
    await page.getByLabel('Audience').selectOption('CLIENT_INVESTIGATOR');
    await page.getByLabel('Level').selectOption('PRACTITIONER');
    await page.getByLabel('Required for go-live').check();
    await shot(page, 'catalog-1-new-track');
    await page.getByRole('button', { name: 'Create track' }).click();
    await page.getByRole('heading', { name: 'Case Handling Practitioner', level: 1 }).waitFor();
    await page.getByText('This track has no courses yet.').waitFor();

    for (const [name, url] of [
      ['Intake and triage', 'https://lms.example.test/triage'],
      ['Interviews', 'https://lms.example.test/interviews'],
      ['Closing a case', 'https://lms.example.test/closing'],
    ] as const) {
      await page.getByRole('button', { name: 'Add course' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add course' });
      await dialog.getByLabel('Course name').fill(name);
      await dialog
        .getByLabel('Content link')
        .fill(name === 'Interviews' ? 'javascript:alert(1)' : url);
      await dialog.getByLabel('Estimated minutes').fill('45');
      await dialog.getByRole('button', { name: 'Add course' }).click();
      if (name === 'Interviews') {
        // Same rule as the API: http(s) links only.
        await dialog.getByText('Must be an http(s) link').waitFor();
        await dialog.getByLabel('Content link').fill(url);
        await dialog.getByRole('button', { name: 'Add course' }).click();
      }
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText(name, { exact: true }).waitFor();
    }
    const list = page.getByRole('list', { name: 'Courses in order' });
    const order = async () =>
      (await list.locator('.course-title .strong').allTextContents()).join(' | ');
    expect(await order()).toBe('Intake and triage | Interviews | Closing a case');

    // Move the last course up twice: the whole list goes to catalog.reorderCourses.
    await page.getByRole('button', { name: 'Move Closing a case up' }).click();
    await expect.poll(order).toBe('Intake and triage | Closing a case | Interviews');
    await page.getByRole('button', { name: 'Move Closing a case up' }).click();
    await expect.poll(order).toBe('Closing a case | Intake and triage | Interviews');
    expect(await page.getByRole('button', { name: 'Move Closing a case up' }).isDisabled()).toBe(
      true,
    );
    await shot(page, 'catalog-2-track-with-courses');

    // The order is stored: a reload shows it, and so does the API.
    await page.reload();
    await expect.poll(order).toBe('Closing a case | Intake and triage | Interviews');
    const [track] = await callerFor(app.db.em(), editor).catalog.listTracks({});
    expect(track?.courses.map((c) => c.name)).toEqual([
      'Closing a case',
      'Intake and triage',
      'Interviews',
    ]);

    // Publish a minor version through the confirm dialog.
    await page.getByRole('button', { name: 'Publish version…' }).click();
    const publish = page.getByRole('dialog', { name: /Publish a new version/ });
    await publish.getByRole('button', { name: 'Publish v1.1' }).waitFor();
    await publish.getByLabel(/Major version/).check();
    await shot(page, 'catalog-3-publish-dialog');
    await publish.getByLabel(/Minor version/).check();
    await publish.getByRole('button', { name: 'Publish v1.1' }).click();
    await page.getByText('v1.1', { exact: true }).waitFor();

    // An exam for the first course: validation messages from the shared schema, then saved.
    await page.getByRole('link', { name: 'Add exam' }).first().click();
    await page.getByRole('heading', { name: 'Exam: Closing a case' }).waitFor();
    await page.getByRole('button', { name: 'Save exam' }).click();
    await page.getByText('Write the question').waitFor();
    await page.getByText('Mark at least one correct option').waitFor();
    await shot(page, 'catalog-4-exam-errors', false);
    await page.getByLabel('Question 1 text').fill('Who may close a case?');
    await page.getByLabel('Option 1 of question 1', { exact: true }).fill('The case owner');
    await page.getByLabel('Option 2 of question 1', { exact: true }).fill('Anyone');
    await page.getByLabel('Option 1 of question 1 is correct').check();
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question 2 type').selectOption('TRUE_FALSE');
    await page.getByLabel('Question 2 text').fill('A closed case can be reopened.');
    await page.getByLabel('Option 1 of question 2 is correct').check();
    await page.getByLabel('Questions per attempt').fill('5');
    await page.getByRole('button', { name: 'Save exam' }).click();
    await page.getByText('The pool cannot draw more questions than the quiz has').waitFor();
    await page.getByLabel('Questions per attempt').fill('2');
    await page.getByLabel('Passing score (%)').fill('75');
    await page.getByRole('button', { name: 'Save exam' }).click();
    await page.getByText('Exam saved.').waitFor();
    await shot(page, 'catalog-5-exam-saved', false);

    const quiz = await callerFor(app.db.em(), editor).catalog.getQuiz({
      courseId: track?.courses[0]?.id ?? '',
    });
    expect(quiz?.passingScore).toBe(75);
    expect(quiz?.poolSize).toBe(2);
    expect(quiz?.questions.map((q) => [q.type, q.correctOptionIds])).toEqual([
      ['SINGLE_CHOICE', ['a']],
      ['TRUE_FALSE', ['true']],
    ]);

    await page.getByRole('link', { name: '← Case Handling Practitioner' }).click();
    await page.getByRole('link', { name: 'Catalog', exact: true }).first().click();
    const row = page.getByRole('row').filter({ hasText: 'Case Handling Practitioner' });
    await row.getByText('v1.1').waitFor();
    await shot(page, 'catalog-6-list');
    await page.close();
  });

  it('shows the catalog read-only to customer success', async () => {
    const editor = await makeStaff(app.db.em(), 'PLATFORM_ADMIN');
    const reader = await makeStaff(app.db.em(), 'CUSTOMER_SUCCESS');
    const track = await callerFor(app.db.em(), editor).catalog.createTrack({
      slug: 'read-only-track',
      name: 'Read-only Track',
      type: 'INTERNAL',
      level: 'FOUNDATION',
    });
    await callerFor(app.db.em(), editor).catalog.createCourse({
      trackId: track.id,
      name: 'Only course',
      contentUrl: 'https://lms.example.test/only',
      estimatedMinutes: 10,
    });
    const page = await app.browser.newPage();
    await signIn(page, app.server.url, reader.email, `/catalog/${track.id}`);
    await page.getByRole('heading', { name: 'Read-only Track', level: 1 }).waitFor();
    await page.getByText('Only course').waitFor();
    for (const name of ['Edit track', 'Archive', 'Add course', 'Move Only course up']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    await page.close();
  });
});
