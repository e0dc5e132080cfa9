import type { EntityManager } from '@mikro-orm/postgresql';
import type { CourseStatus, LearnerProgressExportInput } from '@credence/domain';
import type { Scope } from '../../trpc.ts';
import { learnerProgressRows } from './listing.ts';

const STATUS_LABEL: Readonly<Record<CourseStatus, string>> = {
  NOT_STARTED: 'Not started',
  IN_PROGRESS: 'In progress',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
};

/** 'INVESTIGATOR' → 'Investigator', 'PLATFORM_ADMIN' → 'Platform admin'. */
const roleLabel = (role: string): string =>
  role.charAt(0) + role.slice(1).toLowerCase().replaceAll('_', ' ');

/** The learner-progress CSV: one row per learner and track, headers people read. */
export const LEARNER_PROGRESS_COLUMNS = [
  { key: 'name', header: 'Name' },
  { key: 'email', header: 'Email' },
  { key: 'role', header: 'Role' },
  { key: 'organization', header: 'Organisation' },
  { key: 'track', header: 'Track' },
  { key: 'status', header: 'Status' },
  { key: 'progressPercent', header: 'Progress (%)' },
  { key: 'completedAt', header: 'Completed at' },
  { key: 'dueDate', header: 'Due date' },
] as const;

type LearnerProgressCsvRow = Record<
  (typeof LEARNER_PROGRESS_COLUMNS)[number]['key'],
  string | number
>;

export async function learnerProgressCsvRows(
  em: EntityManager,
  scope: Scope,
  input: LearnerProgressExportInput,
  now: Date,
): Promise<LearnerProgressCsvRow[]> {
  const rows = await learnerProgressRows(em, scope, input, now);
  return rows.map((r) => ({
    name: r.userName,
    email: r.email,
    role: roleLabel(r.role),
    organization: r.organizationName ?? '',
    track: r.trackName,
    status: STATUS_LABEL[r.status],
    progressPercent: r.progressPercent,
    completedAt: r.completedAt ?? '',
    dueDate: r.dueDate ?? '',
  }));
}
