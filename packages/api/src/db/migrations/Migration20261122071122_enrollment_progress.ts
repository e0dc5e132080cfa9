import { Migration } from '@mikro-orm/migrations';

/**
 * Fills the progress snapshot of existing enrolments from source rows, by the domain's
 * trackProgress rule: the track's active required courses, and of those the ones whose progress
 * row is COMPLETED (a missing row is NOT_STARTED). Enrolments of tracks without active required
 * courses keep 0 / 0. Exported so a test can check it against `recomputeCompletion`.
 */
export const BACKFILL_ENROLLMENT_PROGRESS = `update "enrollment" e
   set "required_total" = s.required_total, "required_completed" = s.required_completed
  from (
    select e.id, count(c.id)::int as required_total, count(cp.id)::int as required_completed
      from "enrollment" e
      join "course" c on c.track_id = e.track_id and c.is_active and c.is_required
      left join "course_progress" cp
        on cp.enrollment_id = e.id and cp.course_id = c.id and cp.status = 'COMPLETED'
     group by e.id
  ) s
 where s.id = e.id;`;

export class Migration20261122071122_enrollment_progress extends Migration {
  override name = 'Migration20261122071122_enrollment_progress';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "enrollment" add "required_total" int not null default 0, add "required_completed" int not null default 0;`,
    );
    // Backfilled before the index and the check exist: one pass, no index maintenance.
    this.addSql(BACKFILL_ENROLLMENT_PROGRESS);
    this.addSql(
      `create index "enrollment_pending_index" on "enrollment" ("track_id", "user_id") include ("required_total", "required_completed") where completed_at is null;`,
    );
    this.addSql(
      `alter table "enrollment" add constraint "enrollment_required_progress_valid" check (required_completed >= 0 and required_completed <= required_total);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "enrollment_pending_index";`);
    this.addSql(`alter table "enrollment" drop constraint "enrollment_required_progress_valid";`);
    this.addSql(
      `alter table "enrollment" drop column "required_total", drop column "required_completed";`,
    );
  }
}
