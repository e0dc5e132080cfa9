import { Migration } from '@mikro-orm/migrations';

export class Migration20261202164240_quiz_attempts extends Migration {
  override name = 'Migration20261202164240_quiz_attempts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "quiz_attempt" ("id" uuid not null, "user_id" uuid not null, "quiz_id" uuid not null, "enrollment_id" uuid not null, "attempt_number" int not null, "started_at" timestamptz not null, "deadline" timestamptz null, "passing_score" int not null, "total_questions" int not null, "answers" jsonb not null, "submitted_at" timestamptz null, "auto_submitted" boolean not null default false, "correct_count" int null, "score_percent" int null, "passed" boolean null, "question_results" jsonb null, "reset_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "quiz_attempt_quiz_id_index" on "quiz_attempt" ("quiz_id");`);
    this.addSql(
      `create index "quiz_attempt_enrollment_id_index" on "quiz_attempt" ("enrollment_id");`,
    );
    this.addSql(
      `alter table "quiz_attempt" add constraint "quiz_attempt_user_id_quiz_id_attempt_number_unique" unique ("user_id", "quiz_id", "attempt_number");`,
    );
    this.addSql(
      `create unique index "quiz_attempt_one_open_unique" on "quiz_attempt" ("user_id", "quiz_id") where submitted_at is null;`,
    );

    this.addSql(
      `create table "quiz_attempt_question" ("attempt_id" uuid not null, "question_id" uuid not null, "position" int not null, "type" text not null, "prompt" text not null, "options" jsonb not null, primary key ("attempt_id", "question_id"));`,
    );
    this.addSql(
      `alter table "quiz_attempt_question" add constraint "quiz_attempt_question_attempt_id_position_unique" unique ("attempt_id", "position");`,
    );

    this.addSql(
      `create table "quiz_attempt_key" ("attempt_id" uuid not null, "question_id" uuid not null, "correct_option_ids" text[] not null, primary key ("attempt_id", "question_id"));`,
    );

    this.addSql(
      `alter table "quiz_attempt" add constraint "quiz_attempt_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`,
    );
    this.addSql(
      `alter table "quiz_attempt" add constraint "quiz_attempt_quiz_id_foreign" foreign key ("quiz_id") references "quiz" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "quiz_attempt" add constraint "quiz_attempt_enrollment_id_foreign" foreign key ("enrollment_id") references "enrollment" ("id");`,
    );
    this.addSql(
      `alter table "quiz_attempt" add constraint "quiz_attempt_graded_when_submitted" check ((submitted_at is null) = (passed is null) and (passed is null) = (correct_count is null) and (passed is null) = (score_percent is null));`,
    );
    this.addSql(
      `alter table "quiz_attempt" add constraint "quiz_attempt_counts_valid" check (total_questions > 0 and attempt_number > 0 and (correct_count is null or (correct_count >= 0 and correct_count <= total_questions)));`,
    );

    this.addSql(
      `alter table "quiz_attempt_question" add constraint "quiz_attempt_question_attempt_id_foreign" foreign key ("attempt_id") references "quiz_attempt" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "quiz_attempt_question" add constraint "quiz_attempt_question_type_check" check ("type" in ('SINGLE_CHOICE', 'TRUE_FALSE', 'MULTI_SELECT'));`,
    );

    this.addSql(
      `alter table "quiz_attempt_key" add constraint "quiz_attempt_key_attempt_id_foreign" foreign key ("attempt_id") references "quiz_attempt" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "quiz_attempt_question" drop constraint "quiz_attempt_question_attempt_id_foreign";`,
    );
    this.addSql(
      `alter table "quiz_attempt_key" drop constraint "quiz_attempt_key_attempt_id_foreign";`,
    );

    this.addSql(`drop table if exists "quiz_attempt" cascade;`);
    this.addSql(`drop table if exists "quiz_attempt_question" cascade;`);
    this.addSql(`drop table if exists "quiz_attempt_key" cascade;`);
  }
}
