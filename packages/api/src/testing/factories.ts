import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientRole, InternalRole, UserRole } from '@credence/domain';
import { isInternalRole } from '@credence/domain';
import type { Context, SessionUser } from '../context.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { Course, Track } from '../modules/catalog/entities.ts';
import { Organization } from '../modules/organizations/entities.ts';
import { User } from '../modules/users/entities.ts';
import { createCallerFactory } from '../trpc.ts';
import { appRouter } from '../root.ts';

export const TEST_PASSWORD = 'correct horse battery';
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

const unique = () => randomUUID().slice(0, 8);

export async function makeOrganization(
  em: EntityManager,
  overrides: Partial<
    Pick<Organization, 'name' | 'industrySector' | 'employeeCount' | 'status'>
  > = {},
): Promise<Organization> {
  const org = em.create(Organization, {
    name: `Org ${unique()}`,
    industrySector: 'Healthcare',
    employeeCount: 250,
    status: 'ACTIVE',
    ...overrides,
  });
  await em.flush();
  return org;
}

export async function makeUser(
  em: EntityManager,
  role: UserRole,
  organization: Organization | null = null,
  overrides: Partial<Pick<User, 'email' | 'name' | 'isActive'>> = {},
): Promise<SessionUser> {
  if (!isInternalRole(role) && !organization) throw new Error('client users need an organisation');
  const user = em.create(User, {
    email: `${role.toLowerCase()}-${unique()}@example.test`,
    name: `${role} ${unique()}`,
    role,
    organization: isInternalRole(role) ? null : organization,
    passwordHash: await passwordHash(),
    ...overrides,
  });
  await em.flush();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: user.organization?.id ?? null,
  };
}

export const makeStaff = (em: EntityManager, role: InternalRole = 'PLATFORM_ADMIN') =>
  makeUser(em, role);
export const makeClientUser = (em: EntityManager, role: ClientRole, org: Organization) =>
  makeUser(em, role, org);

const createCaller = createCallerFactory(appRouter);

/** Calls procedures as `user` (or anonymously), exactly as an HTTP request would. */
export function callerFor(em: EntityManager, user: SessionUser | null) {
  const ctx: Context = {
    em: em.fork(),
    user,
    sessionToken: null,
    ip: '127.0.0.1',
    origin: 'http://localhost:3000',
    res: null,
  };
  return createCaller(ctx);
}

export async function makeTrack(
  em: EntityManager,
  overrides: Partial<
    Pick<
      Track,
      'slug' | 'name' | 'type' | 'level' | 'requiredForGoLive' | 'isActive' | 'versionMajor'
    >
  > = {},
): Promise<Track> {
  const track = em.create(Track, {
    slug: `track-${unique()}`,
    name: `Track ${unique()}`,
    type: 'CLIENT_EMPLOYEE',
    level: 'FOUNDATION',
    ...overrides,
  });
  await em.flush();
  return track;
}

let courseOrder = 0;
export async function makeCourse(
  em: EntityManager,
  track: Track,
  overrides: Partial<
    Pick<Course, 'name' | 'isRequired' | 'isActive' | 'sortOrder' | 'estimatedMinutes'>
  > = {},
): Promise<Course> {
  const course = em.create(Course, {
    track,
    name: `Course ${unique()}`,
    contentUrl: 'https://learn.example.test/course',
    estimatedMinutes: 30,
    sortOrder: ++courseOrder,
    ...overrides,
  });
  await em.flush();
  return course;
}
