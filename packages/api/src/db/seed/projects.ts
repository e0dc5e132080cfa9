import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientRole, CourseStatus } from '@credence/domain';
import { Course, Track } from '../../modules/catalog/entities.ts';
import { recomputeCompletion } from '../../modules/learning/completion.ts';
import { CourseProgress, Enrollment } from '../../modules/learning/entities.ts';
import { Organization } from '../../modules/organizations/entities.ts';
import { ImplementationProject, TrainingAssignment } from '../../modules/projects/entities.ts';
import { User } from '../../modules/users/entities.ts';

const DAY = 24 * 60 * 60 * 1000;
const day = (d: Date) => d.toISOString().slice(0, 10);

const ORGANIZATION = 'Northwind Health';

/** The project's training: a role-matching track each, with headcount and days before go-live. */
const ASSIGNMENTS: {
  slug: string;
  role: ClientRole;
  required: number;
  daysBeforeGoLive: number;
}[] = [
  { slug: 'platform-administration', role: 'ADMIN', required: 1, daysBeforeGoLive: 28 },
  {
    slug: 'case-investigation-practitioner',
    role: 'INVESTIGATOR',
    required: 2,
    daysBeforeGoLive: 14,
  },
  { slug: 'ethics-hotline-foundations', role: 'EMPLOYEE', required: 3, daysBeforeGoLive: 7 },
];

/**
 * Who has started what, as the share of the track's required courses completed (the next one
 * in progress): the admin is done, the investigator halfway, the employee just started. With
 * one investigator for two required, the project is not ready and readiness has people to show.
 */
const PROGRESS: { email: string; slug: string; share: number; startedDaysAgo: number }[] = [
  { email: 'admin@northwind.test', slug: 'platform-administration', share: 1, startedDaysAgo: 20 },
  {
    email: 'investigator@northwind.test',
    slug: 'case-investigation-practitioner',
    share: 0.5,
    startedDaysAgo: 12,
  },
  {
    email: 'employee@northwind.test',
    slug: 'ethics-hotline-foundations',
    share: 0.25,
    startedDaysAgo: 5,
  },
];

/**
 * The demo implementation project of Northwind Health, go-live about six weeks from today,
 * with training assigned on three demo tracks and some progress. Needs the demo organisation,
 * users and catalog; runs inside the demo seed's transaction. Enrolments that exist already
 * (another part of the seed may have made them) are left as they are.
 */
export async function seedProjects(tx: EntityManager, now: Date = new Date()): Promise<void> {
  const organization = await tx.findOne(Organization, { name: ORGANIZATION });
  if (!organization) throw new Error(`seedProjects: organisation "${ORGANIZATION}" is missing`);
  const slugs = [...new Set([...ASSIGNMENTS, ...PROGRESS].map((a) => a.slug))];
  const tracks = new Map(
    (await tx.find(Track, { slug: { $in: slugs } })).map((t) => [t.slug, t] as const),
  );
  const missing = slugs.filter((s) => !tracks.has(s));
  if (missing.length > 0) {
    throw new Error(
      `seedProjects: demo tracks missing (${missing.join(', ')}); seed the catalog first`,
    );
  }
  const track = (slug: string): Track => {
    const t = tracks.get(slug);
    if (!t) throw new Error(`seedProjects: demo track "${slug}" is missing`);
    return t;
  };

  const goLive = new Date(now.getTime() + 42 * DAY);
  const project = tx.create(ImplementationProject, {
    organization,
    name: 'Northwind go-live',
    goLiveDate: day(goLive),
    status: 'IN_PROGRESS',
  });
  // Started three weeks ago, so the readiness forecast has a pace to go by.
  project.createdAt = new Date(now.getTime() - 21 * DAY);
  for (const a of ASSIGNMENTS) {
    tx.create(TrainingAssignment, {
      project,
      track: track(a.slug),
      targetRole: a.role,
      requiredCompletions: a.required,
      dueDate: day(new Date(goLive.getTime() - a.daysBeforeGoLive * DAY)),
      createdAt: project.createdAt,
    });
  }

  const users = new Map(
    (await tx.find(User, { email: { $in: PROGRESS.map((p) => p.email) } })).map(
      (u) => [u.email, u] as const,
    ),
  );
  const courses = await tx.find(
    Course,
    { track: { $in: [...tracks.values()].map((t) => t.id) }, isActive: true },
    { orderBy: { sortOrder: 'asc' } },
  );
  const enrolled: Enrollment[] = [];
  for (const p of PROGRESS) {
    const user = users.get(p.email);
    if (!user) throw new Error(`seedProjects: demo user ${p.email} is missing`);
    const t = track(p.slug);
    if ((await tx.count(Enrollment, { user, track: t })) > 0) continue;
    const started = new Date(now.getTime() - p.startedDaysAgo * DAY);
    const enrollment = tx.create(Enrollment, { user, track: t, createdAt: started });
    const trackCourses = courses.filter((c) => c.track.id === t.id);
    const required = trackCourses.filter((c) => c.isRequired);
    const done = Math.round(required.length * p.share);
    for (const course of trackCourses) {
      const index = required.indexOf(course);
      let status: CourseStatus = 'NOT_STARTED';
      if (index >= 0 && index < done) status = 'COMPLETED';
      else if (index >= 0 && index === done) status = 'IN_PROGRESS';
      tx.create(CourseProgress, {
        enrollment,
        course,
        status,
        startedAt: status === 'NOT_STARTED' ? null : started,
        // One course a day after the start.
        completedAt:
          status === 'COMPLETED' ? new Date(started.getTime() + (index + 1) * DAY) : null,
      });
    }
    enrolled.push(enrollment);
  }
  await tx.flush();
  await recomputeCompletion(tx, { enrollmentIds: enrolled.map((e) => e.id) }, now);
}
