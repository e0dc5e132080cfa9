import type { EntityManager } from '@mikro-orm/postgresql';
import { trackProgress, type CourseStatus } from '@credence/domain';
import { sql } from 'kysely';
import { db, jsonRecords } from '../../db/sql.ts';

interface Change extends Record<string, unknown> {
  id: string;
  /** Whether `completedAt` is the new completion time (else the stored one stays as it is). */
  completionChanged: boolean;
  completedAt: Date | null;
  requiredTotal: number;
  requiredCompleted: number;
}

/**
 * Recomputes an enrolment's progress snapshot — `completed_at`, `required_total` and
 * `required_completed` — from the progress rows of the track's active courses with the domain's
 * `trackProgress`; never a counter. Call it in the transaction that changed progress (for some
 * enrolments) or the catalog (for a whole track). Only the rows whose values changed are
 * written. Returns the enrolments that became complete.
 *
 * It first locks the enrolment rows (in id order), in a statement of its own: a transaction
 * that reaches this point while another one is recomputing the same enrolment waits, and then
 * reads with a fresh snapshot that includes the other's progress change. Without the lock, two
 * requests completing an enrolment's last two courses at the same moment would each see the
 * other's course as not done, and the enrolment would never be marked complete. Lock order everywhere:
 * track (catalog writes), then enrolment, so callers must not lock a track after this.
 */
export async function recomputeCompletion(
  em: EntityManager,
  where: { trackId: string } | { enrollmentIds: string[] },
  now: Date,
): Promise<string[]> {
  const byTrack = 'trackId' in where;
  if (!byTrack && where.enrollmentIds.length === 0) return [];
  const q = db(em);
  await q
    .selectFrom('enrollment as e')
    .select('e.id')
    .where((eb) =>
      'trackId' in where
        ? eb('e.track_id', '=', where.trackId)
        : eb('e.id', 'in', where.enrollmentIds),
    )
    .orderBy('e.id')
    .forUpdate()
    .execute();
  const rows = await q
    .selectFrom('enrollment as e')
    .leftJoin('course as c', (join) =>
      join.onRef('c.track_id', '=', 'e.track_id').on('c.is_active', '=', true),
    )
    .leftJoin('course_progress as cp', (join) =>
      join.onRef('cp.enrollment_id', '=', 'e.id').onRef('cp.course_id', '=', 'c.id'),
    )
    .select((eb) => [
      'e.id as enrollmentId',
      'e.completed_at as enrollmentCompletedAt',
      'e.required_total as enrollmentRequiredTotal',
      'e.required_completed as enrollmentRequiredCompleted',
      'c.is_required as isRequired',
      eb.fn
        .coalesce(
          'cp.status',
          eb.case().when('c.id', 'is', null).then(null).else(sql.lit('NOT_STARTED')).end(),
        )
        .$castTo<CourseStatus | null>()
        .as('status'),
      'cp.completed_at as completedAt',
    ])
    .where((eb) =>
      'trackId' in where
        ? eb('e.track_id', '=', where.trackId)
        : eb('e.id', 'in', where.enrollmentIds),
    )
    .orderBy('e.id')
    .execute();
  type Row = (typeof rows)[number];
  const byEnrollment = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byEnrollment.get(row.enrollmentId) ?? [];
    list.push(row);
    byEnrollment.set(row.enrollmentId, list);
  }
  const changes: Change[] = [];
  for (const [id, courseRows] of byEnrollment) {
    const courses = courseRows.flatMap((r) =>
      r.status !== null && r.isRequired !== null
        ? [{ isRequired: r.isRequired, status: r.status }]
        : [],
    );
    const progress = trackProgress(courses);
    const complete = progress.status === 'COMPLETED';
    const stored = courseRows[0];
    const current = stored?.enrollmentCompletedAt ?? null;
    let completion: Pick<Change, 'completionChanged' | 'completedAt'> = {
      completionChanged: false,
      completedAt: null,
    };
    if (complete && current === null) {
      // Completed when the last required course was completed.
      const times = courseRows.flatMap((r) =>
        r.isRequired && r.completedAt ? [new Date(r.completedAt).getTime()] : [],
      );
      completion = {
        completionChanged: true,
        completedAt: new Date(times.length > 0 ? Math.max(...times) : now.getTime()),
      };
    } else if (!complete && current !== null) {
      completion = { completionChanged: true, completedAt: null };
    }
    if (
      completion.completionChanged ||
      stored?.enrollmentRequiredTotal !== progress.requiredTotal ||
      stored.enrollmentRequiredCompleted !== progress.requiredCompleted
    ) {
      changes.push({
        id,
        ...completion,
        requiredTotal: progress.requiredTotal,
        requiredCompleted: progress.requiredCompleted,
      });
    }
  }
  if (changes.length > 0) {
    // Bulk rows travel as one JSON parameter. An unchanged completion time is left as stored
    // (a round trip through JS would cut it to ms).
    await q
      .with('v', () =>
        jsonRecords(changes, {
          id: 'uuid',
          completionChanged: 'boolean',
          completedAt: 'timestamptz',
          requiredTotal: 'int',
          requiredCompleted: 'int',
        }),
      )
      .updateTable('enrollment as e')
      .from('v')
      .set((eb) => ({
        completed_at: eb
          .case()
          .when('v.completionChanged', '=', true)
          .then(eb.ref('v.completedAt'))
          .else(eb.ref('e.completed_at'))
          .end(),
        required_total: eb.ref('v.requiredTotal'),
        required_completed: eb.ref('v.requiredCompleted'),
      }))
      .whereRef('e.id', '=', 'v.id')
      .execute();
  }
  return changes.filter((c) => c.completionChanged && c.completedAt !== null).map((c) => c.id);
}
