import type { EntityManager } from '@mikro-orm/postgresql';
import { trackProgress, type CourseStatus } from '@credence/domain';

interface Row {
  enrollment_id: string;
  enrollment_completed_at: Date | null;
  enrollment_required_total: number;
  enrollment_required_completed: number;
  is_required: boolean | null;
  status: CourseStatus | null;
  completed_at: Date | null;
}

interface Change {
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
  const filter = byTrack ? 'e.track_id = ?' : 'e.id in (?)';
  const param = byTrack ? where.trackId : where.enrollmentIds;
  await em.execute(`select e.id from enrollment e where ${filter} order by e.id for update`, [
    param,
  ]);
  const rows = await em.execute<Row[]>(
    `select e.id as enrollment_id, e.completed_at as enrollment_completed_at,
            e.required_total as enrollment_required_total,
            e.required_completed as enrollment_required_completed,
            c.is_required, coalesce(cp.status, case when c.id is null then null else 'NOT_STARTED' end) as status,
            cp.completed_at
       from enrollment e
       left join course c on c.track_id = e.track_id and c.is_active
       left join course_progress cp on cp.enrollment_id = e.id and cp.course_id = c.id
      where ${filter}
      order by e.id`,
    [param],
  );
  const byEnrollment = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byEnrollment.get(row.enrollment_id) ?? [];
    list.push(row);
    byEnrollment.set(row.enrollment_id, list);
  }
  const changes: Change[] = [];
  for (const [id, courseRows] of byEnrollment) {
    const courses = courseRows
      .filter((r) => r.status !== null && r.is_required !== null)
      .map((r) => ({ isRequired: r.is_required === true, status: r.status as CourseStatus }));
    const progress = trackProgress(courses);
    const complete = progress.status === 'COMPLETED';
    const stored = courseRows[0];
    const current = stored?.enrollment_completed_at ?? null;
    let completion: Pick<Change, 'completionChanged' | 'completedAt'> = {
      completionChanged: false,
      completedAt: null,
    };
    if (complete && current === null) {
      // Completed when the last required course was completed.
      const times = courseRows
        .filter((r) => r.is_required && r.completed_at)
        .map((r) => new Date(r.completed_at as Date).getTime());
      completion = {
        completionChanged: true,
        completedAt: new Date(times.length > 0 ? Math.max(...times) : now.getTime()),
      };
    } else if (!complete && current !== null) {
      completion = { completionChanged: true, completedAt: null };
    }
    if (
      completion.completionChanged ||
      stored?.enrollment_required_total !== progress.requiredTotal ||
      stored.enrollment_required_completed !== progress.requiredCompleted
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
    // Array parameters are expanded into lists by the ORM, so bulk rows travel as JSON. An
    // unchanged completion time is left as stored (a round trip through JS would cut it to ms).
    await em.execute(
      `update enrollment e
          set completed_at = case when v."completionChanged" then v."completedAt"
                                  else e.completed_at end,
              required_total = v."requiredTotal",
              required_completed = v."requiredCompleted"
         from jsonb_to_recordset(?::jsonb)
           as v(id uuid, "completionChanged" boolean, "completedAt" timestamptz,
                "requiredTotal" int, "requiredCompleted" int)
        where e.id = v.id`,
      [JSON.stringify(changes)],
    );
  }
  return changes.filter((c) => c.completionChanged && c.completedAt !== null).map((c) => c.id);
}
