import { Migration } from '@mikro-orm/migrations';

export class Migration20261122060158_initial extends Migration {
  override name = 'Migration20261122060158_initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor_id" uuid null, "action" varchar(100) not null, "target_type" varchar(50) null, "target_id" varchar(100) null, "details" jsonb null);`,
    );
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);
    this.addSql(`create index "audit_log_actor_id_index" on "audit_log" ("actor_id");`);

    this.addSql(
      `create table "login_failure" ("id" bigserial primary key, "key" varchar(400) not null, "at" timestamptz not null default now());`,
    );
    this.addSql(`create index "login_failure_key_at_index" on "login_failure" ("key", "at");`);

    this.addSql(
      `create table "organization" ("id" uuid not null, "name" varchar(200) not null, "industry_sector" varchar(100) not null, "employee_count" int not null, "status" text not null default 'ONBOARDING', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "organization" add constraint "organization_name_unique" unique ("name");`,
    );
    this.addSql(
      `create index "organization_industry_sector_index" on "organization" ("industry_sector");`,
    );

    this.addSql(
      `create table "implementation_project" ("id" uuid not null, "organization_id" uuid not null, "name" varchar(200) not null, "go_live_date" date not null, "status" text not null default 'PLANNING', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "implementation_project_organization_id_index" on "implementation_project" ("organization_id");`,
    );

    this.addSql(
      `create table "track" ("id" uuid not null, "slug" varchar(100) not null, "name" varchar(200) not null, "description" text not null default '', "type" text not null, "level" text not null, "is_active" boolean not null default true, "required_for_go_live" boolean not null default false, "estimated_hours" int null, "version_major" int not null default 1, "version_minor" int not null default 0, "sort_order" int not null default 0, "certificate_validity_months" int not null default 24, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "track" add constraint "track_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "course" ("id" uuid not null, "track_id" uuid not null, "name" varchar(200) not null, "description" text not null default '', "content_url" varchar(2000) not null, "estimated_minutes" int not null, "sort_order" int not null, "is_required" boolean not null default true, "is_active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "course_track_id_index" on "course" ("track_id");`);

    this.addSql(
      `create table "quiz" ("id" uuid not null, "course_id" uuid not null, "passing_score" int not null default 80, "max_attempts" int null, "cooldown_minutes" int null, "time_limit_minutes" int null, "pool_size" int null, "review_policy" varchar(40) not null default 'NEVER_AFTER_FINAL_FAIL', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "quiz" add constraint "quiz_course_id_unique" unique ("course_id");`);

    this.addSql(
      `create table "quiz_question" ("id" uuid not null, "quiz_id" uuid not null, "position" int not null, "type" text not null, "prompt" text not null, "options" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create index "quiz_question_quiz_id_index" on "quiz_question" ("quiz_id");`);
    this.addSql(
      `alter table "quiz_question" add constraint "quiz_question_quiz_id_position_unique" unique ("quiz_id", "position");`,
    );

    this.addSql(
      `create table "quiz_answer_key" ("question_id" uuid not null, "correct_option_ids" text[] not null, primary key ("question_id"));`,
    );

    this.addSql(
      `create table "training_assignment" ("id" uuid not null, "project_id" uuid not null, "track_id" uuid not null, "target_role" text not null, "required_completions" int not null, "due_date" date null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "training_assignment_track_id_index" on "training_assignment" ("track_id");`,
    );
    this.addSql(
      `alter table "training_assignment" add constraint "training_assignment_project_id_track_id_target_role_unique" unique ("project_id", "track_id", "target_role");`,
    );

    this.addSql(
      `create table "app_user" ("id" uuid not null, "email" varchar(320) not null, "name" varchar(200) not null, "password_hash" varchar(255) not null, "role" text not null, "organization_id" uuid null, "is_active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(
      `create index "app_user_organization_id_role_index" on "app_user" ("organization_id", "role");`,
    );

    this.addSql(
      `create table "session" ("token_hash" varchar(64) not null, "user_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("token_hash"));`,
    );
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);
    this.addSql(`create index "session_expires_at_index" on "session" ("expires_at");`);

    this.addSql(
      `create table "enrollment" ("id" uuid not null, "user_id" uuid not null, "track_id" uuid not null, "enrolled_by_id" uuid null, "created_at" timestamptz not null, "completed_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "enrollment_user_id_index" on "enrollment" ("user_id");`);
    this.addSql(`create index "enrollment_track_id_index" on "enrollment" ("track_id");`);
    this.addSql(
      `alter table "enrollment" add constraint "enrollment_user_id_track_id_unique" unique ("user_id", "track_id");`,
    );

    this.addSql(
      `create table "course_progress" ("id" uuid not null, "enrollment_id" uuid not null, "course_id" uuid not null, "status" text not null default 'NOT_STARTED', "started_at" timestamptz null, "completed_at" timestamptz null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "course_progress_course_id_index" on "course_progress" ("course_id");`,
    );
    this.addSql(
      `alter table "course_progress" add constraint "course_progress_enrollment_id_course_id_unique" unique ("enrollment_id", "course_id");`,
    );

    this.addSql(
      `alter table "organization" add constraint "organization_employee_count_positive" check (employee_count > 0);`,
    );
    this.addSql(
      `alter table "organization" add constraint "organization_status_check" check ("status" in ('ACTIVE', 'ONBOARDING', 'CHURNED', 'SANDBOX'));`,
    );

    this.addSql(
      `alter table "implementation_project" add constraint "implementation_project_organization_id_foreign" foreign key ("organization_id") references "organization" ("id");`,
    );
    this.addSql(
      `alter table "implementation_project" add constraint "implementation_project_status_check" check ("status" in ('PLANNING', 'IN_PROGRESS', 'LIVE', 'ON_HOLD', 'CANCELLED'));`,
    );

    this.addSql(
      `alter table "track" add constraint "track_version_valid" check (version_major >= 1 and version_minor >= 0);`,
    );
    this.addSql(
      `alter table "track" add constraint "track_validity_positive" check (certificate_validity_months > 0);`,
    );
    this.addSql(
      `alter table "track" add constraint "track_type_check" check ("type" in ('INTERNAL', 'CLIENT_ADMIN', 'CLIENT_INVESTIGATOR', 'CLIENT_EMPLOYEE'));`,
    );
    this.addSql(
      `alter table "track" add constraint "track_level_check" check ("level" in ('FOUNDATION', 'PRACTITIONER', 'EXPERT'));`,
    );

    this.addSql(
      `alter table "course" add constraint "course_track_id_foreign" foreign key ("track_id") references "track" ("id");`,
    );
    this.addSql(
      `alter table "course" add constraint "course_minutes_positive" check (estimated_minutes > 0);`,
    );
    this.addSql(
      `alter table "course" add constraint "course_content_url_http" check (content_url ~ '^https?://');`,
    );

    this.addSql(
      `alter table "quiz" add constraint "quiz_course_id_foreign" foreign key ("course_id") references "course" ("id");`,
    );
    this.addSql(
      `alter table "quiz" add constraint "quiz_passing_score_range" check (passing_score >= 1 and passing_score <= 100);`,
    );

    this.addSql(
      `alter table "quiz_question" add constraint "quiz_question_quiz_id_foreign" foreign key ("quiz_id") references "quiz" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "quiz_question" add constraint "quiz_question_type_check" check ("type" in ('SINGLE_CHOICE', 'TRUE_FALSE', 'MULTI_SELECT'));`,
    );

    this.addSql(
      `alter table "quiz_answer_key" add constraint "quiz_answer_key_question_id_foreign" foreign key ("question_id") references "quiz_question" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "training_assignment" add constraint "training_assignment_project_id_foreign" foreign key ("project_id") references "implementation_project" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "training_assignment" add constraint "training_assignment_track_id_foreign" foreign key ("track_id") references "track" ("id");`,
    );
    this.addSql(
      `alter table "training_assignment" add constraint "training_assignment_required_positive" check (required_completions > 0);`,
    );
    this.addSql(
      `alter table "training_assignment" add constraint "training_assignment_target_role_check" check ("target_role" in ('ADMIN', 'INVESTIGATOR', 'EMPLOYEE'));`,
    );

    this.addSql(
      `alter table "app_user" add constraint "app_user_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete no action;`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_email_lowercase" check (email = lower(email));`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_tenant_matches_role" check ((role in ('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER', 'CUSTOMER_SUCCESS')) = (organization_id is null));`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_role_check" check ("role" in ('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER', 'CUSTOMER_SUCCESS', 'ADMIN', 'INVESTIGATOR', 'EMPLOYEE'));`,
    );

    this.addSql(
      `alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "enrollment" add constraint "enrollment_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`,
    );
    this.addSql(
      `alter table "enrollment" add constraint "enrollment_track_id_foreign" foreign key ("track_id") references "track" ("id");`,
    );
    this.addSql(
      `alter table "enrollment" add constraint "enrollment_enrolled_by_id_foreign" foreign key ("enrolled_by_id") references "app_user" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "course_progress" add constraint "course_progress_enrollment_id_foreign" foreign key ("enrollment_id") references "enrollment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "course_progress" add constraint "course_progress_course_id_foreign" foreign key ("course_id") references "course" ("id");`,
    );
    this.addSql(
      `alter table "course_progress" add constraint "course_progress_status_check" check ("status" in ('NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'FAILED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "implementation_project" drop constraint "implementation_project_organization_id_foreign";`,
    );
    this.addSql(`alter table "app_user" drop constraint "app_user_organization_id_foreign";`);
    this.addSql(
      `alter table "training_assignment" drop constraint "training_assignment_project_id_foreign";`,
    );
    this.addSql(`alter table "course" drop constraint "course_track_id_foreign";`);
    this.addSql(
      `alter table "training_assignment" drop constraint "training_assignment_track_id_foreign";`,
    );
    this.addSql(`alter table "enrollment" drop constraint "enrollment_track_id_foreign";`);
    this.addSql(`alter table "quiz" drop constraint "quiz_course_id_foreign";`);
    this.addSql(
      `alter table "course_progress" drop constraint "course_progress_course_id_foreign";`,
    );
    this.addSql(`alter table "quiz_question" drop constraint "quiz_question_quiz_id_foreign";`);
    this.addSql(
      `alter table "quiz_answer_key" drop constraint "quiz_answer_key_question_id_foreign";`,
    );
    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);
    this.addSql(`alter table "enrollment" drop constraint "enrollment_user_id_foreign";`);
    this.addSql(`alter table "enrollment" drop constraint "enrollment_enrolled_by_id_foreign";`);
    this.addSql(
      `alter table "course_progress" drop constraint "course_progress_enrollment_id_foreign";`,
    );

    this.addSql(`drop table if exists "audit_log" cascade;`);
    this.addSql(`drop table if exists "login_failure" cascade;`);
    this.addSql(`drop table if exists "organization" cascade;`);
    this.addSql(`drop table if exists "implementation_project" cascade;`);
    this.addSql(`drop table if exists "track" cascade;`);
    this.addSql(`drop table if exists "course" cascade;`);
    this.addSql(`drop table if exists "quiz" cascade;`);
    this.addSql(`drop table if exists "quiz_question" cascade;`);
    this.addSql(`drop table if exists "quiz_answer_key" cascade;`);
    this.addSql(`drop table if exists "training_assignment" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "enrollment" cascade;`);
    this.addSql(`drop table if exists "course_progress" cascade;`);
  }
}
