import type { EntityManager } from '@mikro-orm/postgresql';
import { trackProgress, type CourseStatus, type TrackSummaryInput } from '@credence/domain';
import { sql } from 'kysely';
import { db } from '../../db/sql.ts';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import type { TrackSummaryRowDto } from './dto.ts';

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
  const q = db(em);
  if (scope.kind === 'all' && organizationId !== undefined) {
    const found = await q
      .selectFrom('organization')
      .select('id')
      .where('id', '=', organizationId)
      .executeTakeFirst();
    if (!found) fail('ORGANIZATION.NOT_FOUND', 'No such organisation');
  }

  const tracks = await q
    .selectFrom('track as t')
    .select(['t.id', 't.name'])
    .where((eb) => {
      const conditions = [];
      if (scope.kind === 'organization') conditions.push(eb('t.type', '<>', 'INTERNAL'));
      if (input.trackId !== undefined) {
        conditions.push(eb('t.id', '=', input.trackId));
      } else {
        conditions.push(
          eb.or([
            eb.and([
              eb('t.is_active', '=', true),
              ...(organizationId !== undefined ? [eb('t.type', '<>', 'INTERNAL')] : []),
            ]),
            eb.exists(
              eb
                .selectFrom('enrollment as e')
                .innerJoin('app_user as u', 'u.id', 'e.user_id')
                .select('e.id')
                .whereRef('e.track_id', '=', 't.id')
                .where((sub) =>
                  organizationId === undefined
                    ? sub.lit(true)
                    : sub('u.organization_id', '=', organizationId),
                ),
            ),
          ]),
        );
      }
      return eb.and(conditions);
    })
    .orderBy('t.sort_order')
    .orderBy('t.name')
    .orderBy('t.id')
    .execute();
  if (input.trackId !== undefined && tracks.length === 0) fail('TRACK.NOT_FOUND', 'No such track');
  if (tracks.length === 0) return [];

  // Each enrolment's active courses counted per (required, status); no progress row = NOT_STARTED.
  const rows = await q
    .selectFrom('enrollment as e')
    .innerJoin('app_user as u', 'u.id', 'e.user_id')
    .leftJoin('course as c', (join) =>
      join.onRef('c.track_id', '=', 'e.track_id').on('c.is_active', '=', true),
    )
    .leftJoin('course_progress as cp', (join) =>
      join.onRef('cp.enrollment_id', '=', 'e.id').onRef('cp.course_id', '=', 'c.id'),
    )
    .select((eb) => [
      'e.track_id as trackId',
      'e.id as enrollmentId',
      'c.is_required as isRequired',
      eb.fn.coalesce('cp.status', sql.lit('NOT_STARTED')).$castTo<CourseStatus>().as('status'),
      eb.cast<number>(eb.fn.count('c.id'), 'integer').as('n'),
    ])
    .where((eb) => {
      const conditions = [];
      if (organizationId !== undefined)
        conditions.push(eb('u.organization_id', '=', organizationId));
      if (input.trackId !== undefined) conditions.push(eb('e.track_id', '=', input.trackId));
      return eb.and(conditions);
    })
    .groupBy(['e.track_id', 'e.id', 'c.is_required', 'status'])
    .execute();

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

/**
 * The organisation a summary is about, for the CSV: its name when one is selected (a client
 * admin's is always theirs), else 'All organisations'.
 */
export async function organizationLabel(
  em: EntityManager,
  scope: Scope,
  organizationId: string | undefined,
): Promise<string> {
  const id = scope.kind === 'organization' ? scope.organizationId : organizationId;
  if (id === undefined) return 'All organisations';
  const row = await db(em)
    .selectFrom('organization')
    .select('name')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.name ?? '';
}
