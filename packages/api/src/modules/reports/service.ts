import type { EntityManager } from '@mikro-orm/postgresql';
import { trackProgress, type CourseStatus, type TrackSummaryInput } from '@credence/domain';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import type { TrackSummaryRowDto } from './dto.ts';

interface StatusCountRow {
  trackId: string;
  enrollmentId: string;
  /** Null for an enrolment whose track has no active course. */
  isRequired: boolean | null;
  status: CourseStatus;
  n: number;
}

/** completed / enrolled in percent with one decimal; 0 without enrolments. */
export const completionRate = (completed: number, enrolled: number): number =>
  enrolled === 0 ? 0 : Math.round((completed * 1000) / enrolled) / 10;

/**
 * Per track: how many enrolments (of the organisation, when filtered) are completed, in
 * progress, not started or failed. Each enrolment's status is the domain's `trackProgress` of
 * its active courses (no progress row = NOT_STARTED), fed from one grouped query that counts
 * the enrolment's courses per (required, status) — the rule itself is not repeated in SQL.
 * Three queries at most, whatever the number of enrolments.
 *
 * Tracks listed: the one asked for; otherwise every active track (client tracks only when an
 * organisation is selected) and every track with enrolments in the selection (archived ones
 * keep their history). A client admin (scope: one organisation) never sees an INTERNAL track,
 * not even asked for by id: it is as missing as an unknown one.
 */
export async function trackSummary(
  em: EntityManager,
  scope: Scope,
  input: TrackSummaryInput,
): Promise<TrackSummaryRowDto[]> {
  if (
    scope.kind === 'organization' &&
    input.organizationId !== undefined &&
    input.organizationId !== scope.organizationId
  ) {
    fail('ORGANIZATION.NOT_FOUND');
  }
  const organizationId =
    scope.kind === 'organization' ? scope.organizationId : input.organizationId;
  if (scope.kind === 'all' && organizationId !== undefined) {
    const found = await em.execute('select 1 from organization where id = ?', [organizationId]);
    if (found.length === 0) fail('ORGANIZATION.NOT_FOUND');
  }

  const inScope: string[] = [];
  const scopeParams: string[] = [];
  if (organizationId !== undefined) {
    inScope.push('u.organization_id = ?');
    scopeParams.push(organizationId);
  }
  const enrollmentsInScope = `select 1 from enrollment e join app_user u on u.id = e.user_id
     where e.track_id = t.id ${inScope.map((c) => `and ${c}`).join(' ')}`;
  const visible = scope.kind === 'organization' ? "t.type <> 'INTERNAL' and" : '';
  const tracks = await em.execute<{ id: string; name: string }[]>(
    input.trackId !== undefined
      ? `select t.id, t.name from track t where ${visible} t.id = ?`
      : `select t.id, t.name from track t
          where ${visible}
                ((t.is_active ${organizationId !== undefined ? "and t.type <> 'INTERNAL'" : ''})
                 or exists (${enrollmentsInScope}))
          order by t.sort_order, t.name, t.id`,
    input.trackId !== undefined ? [input.trackId] : scopeParams,
  );
  if (input.trackId !== undefined && tracks.length === 0) fail('TRACK.NOT_FOUND');
  if (tracks.length === 0) return [];

  const where = [...inScope];
  const params = [...scopeParams];
  if (input.trackId !== undefined) {
    where.push('e.track_id = ?');
    params.push(input.trackId);
  }
  const rows = await em.execute<StatusCountRow[]>(
    `select e.track_id as "trackId", e.id as "enrollmentId", c.is_required as "isRequired",
            coalesce(cp.status, 'NOT_STARTED') as status, count(c.id)::int as n
       from enrollment e
       join app_user u on u.id = e.user_id
       left join course c on c.track_id = e.track_id and c.is_active
       left join course_progress cp on cp.enrollment_id = e.id and cp.course_id = c.id
      ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
      group by e.track_id, e.id, c.is_required, coalesce(cp.status, 'NOT_STARTED')`,
    params,
  );

  // Rebuild each enrolment's (required, status) multiset — all trackProgress depends on.
  const enrollments = new Map<
    string,
    { trackId: string; courses: { isRequired: boolean; status: CourseStatus }[] }
  >();
  for (const row of rows) {
    const entry = enrollments.get(row.enrollmentId) ?? { trackId: row.trackId, courses: [] };
    enrollments.set(row.enrollmentId, entry);
    if (row.isRequired === null) continue;
    for (let i = 0; i < row.n; i++) {
      entry.courses.push({ isRequired: row.isRequired, status: row.status });
    }
  }

  const summary = new Map(
    tracks.map((t) => [
      t.id,
      {
        trackId: t.id,
        trackName: t.name,
        enrolled: 0,
        completed: 0,
        inProgress: 0,
        notStarted: 0,
        failed: 0,
        completionRate: 0,
      },
    ]),
  );
  for (const { trackId, courses } of enrollments.values()) {
    const row = summary.get(trackId);
    if (!row) continue;
    row.enrolled += 1;
    const { status } = trackProgress(courses);
    if (status === 'COMPLETED') row.completed += 1;
    else if (status === 'IN_PROGRESS') row.inProgress += 1;
    else if (status === 'FAILED') row.failed += 1;
    else row.notStarted += 1;
  }
  return [...summary.values()].map((row) => ({
    ...row,
    completionRate: completionRate(row.completed, row.enrolled),
  }));
}
