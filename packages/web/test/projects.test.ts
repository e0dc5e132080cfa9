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

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function projectWithBlockingAssignment(orgName: string) {
  const org = await makeOrganization(app.db.em(), { name: orgName });
  const admin = await makeUser(app.db.em(), 'ADMIN', org, { name: 'Ada Admin' });
  const investigator = await makeUser(app.db.em(), 'INVESTIGATOR', org, {
    name: 'Ivan Investigator',
  });
  await makeUser(app.db.em(), 'INVESTIGATOR', org, { name: 'Iris Investigator' });
  const staff = await makeStaff(app.db.em(), 'IMPLEMENTATION_MANAGER');
  const gating = await makeTrack(app.db.em(), {
    name: 'Investigations Certification',
    type: 'CLIENT_INVESTIGATOR',
    requiredForGoLive: true,
  });
  const first = await makeCourse(app.db.em(), gating, { name: 'Intake', sortOrder: 1 });
  await makeCourse(app.db.em(), gating, { name: 'Interviews', sortOrder: 2 });
  const optional = await makeTrack(app.db.em(), {
    name: 'Hotline Awareness',
    type: 'CLIENT_EMPLOYEE',
    requiredForGoLive: false,
  });
  await makeCourse(app.db.em(), optional, { name: 'Awareness' });

  const asStaff = callerFor(app.db.em(), staff);
  const project = await asStaff.projects.create({
    organizationId: org.id,
    name: 'Northwind go-live',
    goLiveDate: day(45),
  });
  await asStaff.projects.assignTraining({
    projectId: project.id,
    trackId: gating.id,
    targetRole: 'INVESTIGATOR',
    requiredCompletions: 2,
    dueDate: day(-3),
  });
  await asStaff.projects.assignTraining({
    projectId: project.id,
    trackId: optional.id,
    targetRole: 'EMPLOYEE',
    requiredCompletions: 5,
    dueDate: null,
  });
  // One investigator is halfway through the gating track.
  const asInvestigator = callerFor(app.db.em(), investigator);
  await asInvestigator.learning.enroll({ trackId: gating.id });
  await asInvestigator.learning.startCourse({ courseId: first.id });
  await asInvestigator.learning.completeCourse({ courseId: first.id });
  return { org, admin, staff, project, optional };
}

describe('projects in the browser', () => {
  it('shows a client admin NOT READY with the blocking assignment and who is in progress', async () => {
    const { admin, project } = await projectWithBlockingAssignment('Northwind Clinics');
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, app.server.url, admin.email);
    await page.getByRole('link', { name: 'Training projects' }).click();
    await page.getByRole('heading', { name: 'Training projects', level: 1 }).waitFor();
    await shot(page, 'projects-1-admin-list');
    await page.getByRole('link', { name: 'Northwind go-live' }).click();
    await page.getByRole('heading', { name: 'Northwind go-live', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/projects/${project.id}`);

    const banner = page.getByRole('status').filter({ hasText: 'NOT READY' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('1 assignment blocks go-live');
    const blocking = page.getByRole('article', { name: /Blocking: Investigations Certification/ });
    await blocking.waitFor();
    const counts = await blocking.locator('.counts').innerText();
    expect(counts.replace(/\s+/g, ' ')).toContain(
      '2 required 0 certified 2 missing 1 in progress 1 not enrolled',
    );
    await blocking.getByText('Overdue').waitFor();
    await blocking.getByText('Ivan Investigator').waitFor();
    expect(
      await blocking
        .getByRole('progressbar', { name: 'Ivan Investigator: progress' })
        .getAttribute('aria-valuenow'),
    ).toBe('50');
    // The training status table lists both assignments; the optional one does not block.
    const status = page.getByRole('table', { name: 'Training status per assignment' });
    await status.getByText('Hotline Awareness').waitFor();
    expect(await status.getByRole('row').count()).toBe(3);
    // A client admin reads; assigning is for catalog staff.
    expect(await page.getByRole('button', { name: 'Assign training' }).count()).toBe(0);
    await shot(page, 'projects-2-admin-not-ready');
    await page.close();
  });

  it('lets an implementation manager create a project and assign training', async () => {
    const { org, staff, optional } = await projectWithBlockingAssignment('Southwind Care');
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, app.server.url, staff.email, '/projects');
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.getByText('Choose the organisation').waitFor();
    await dialog.getByLabel('Organisation').selectOption(org.id);
    await dialog.getByLabel('Project name').fill('Northwind phase 2');
    await dialog.getByLabel('Target go-live date').fill(day(90));
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Northwind phase 2', level: 1 }).waitFor();
    // Nothing assigned yet: nothing blocks.
    await page.getByRole('status').filter({ hasText: 'READY' }).waitFor();
    await page.getByText('No training is assigned to this project yet.').waitFor();
    await shot(page, 'projects-3-new-project-ready');

    await page.getByRole('button', { name: 'Assign training' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign training' });
    await assign.getByLabel('Role that needs the training').selectOption('EMPLOYEE');
    await assign.getByLabel('Track').selectOption(optional.id);
    await assign.getByLabel('People required').fill('0');
    await assign.getByRole('button', { name: 'Assign training' }).click();
    await assign.getByText('At least one person').waitFor();
    await assign.getByLabel('People required').fill('3');
    await shot(page, 'projects-4-assign-dialog');
    await assign.getByRole('button', { name: 'Assign training' }).click();
    await assign.waitFor({ state: 'hidden' });
    const status = page.getByRole('table', { name: 'Training status per assignment' });
    await status.getByText('Hotline Awareness').waitFor();
    expect(
      await status.getByRole('row').filter({ hasText: 'Hotline Awareness' }).innerText(),
    ).toContain('0 / 3');
    await page.close();
  });
});
