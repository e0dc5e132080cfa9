import { Migration } from '@mikro-orm/migrations';

export class Migration20261202164158_benchmarks extends Migration {
  override name = 'Migration20261202164158_benchmarks';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "benchmark_rank" ("day" date not null, "metric_key" varchar(100) not null, "organization_id" uuid not null, "industry_sector" varchar(100) not null, "band_min" int not null, "value" double precision not null, "count_all" int not null, "count_industry" int not null, "count_band" int not null, "count_cell" int not null, "rank_all" double precision not null, "rank_industry" double precision not null, "rank_band" double precision not null, "rank_cell" double precision not null, primary key ("day", "metric_key", "organization_id"));`,
    );
    this.addSql(
      `create index "benchmark_rank_history" on "benchmark_rank" ("organization_id", "metric_key", "day");`,
    );

    this.addSql(
      `create table "metric" ("key" varchar(100) not null, "label" varchar(200) not null, "unit" varchar(20) not null, "direction" text not null, "min_value" double precision not null, "max_value" double precision not null, "sort_order" int not null default 0, primary key ("key"));`,
    );

    this.addSql(
      `create table "benchmark_group" ("id" serial primary key, "day" date not null, "metric_key" varchar(100) not null, "kind" text not null, "industry_sector" varchar(100) null, "band_min" int null, "peer_count" int not null, "p25" double precision not null, "p50" double precision not null, "p75" double precision not null);`,
    );
    this.addSql(
      `create unique index "benchmark_group_key_unique" on "benchmark_group" ("day", "metric_key", "kind", "industry_sector", "band_min") nulls not distinct;`,
    );

    this.addSql(
      `create table "metric_value" ("organization_id" uuid not null, "metric_key" varchar(100) not null, "measured_on" date not null, "value" double precision not null, "updated_at" timestamptz not null, primary key ("organization_id", "metric_key", "measured_on"));`,
    );

    this.addSql(
      `create table "metric_latest" ("organization_id" uuid not null, "metric_key" varchar(100) not null, "measured_on" date not null, "value" double precision not null, primary key ("organization_id", "metric_key"));`,
    );

    this.addSql(
      `create table "benchmark_run" ("id" uuid not null, "day" date not null, "trigger" text not null, "requested_by_id" uuid null, "started_at" timestamptz not null, "finished_at" timestamptz null, "organizations" int not null default 0, "rows_written" int not null default 0, "duration_ms" int not null default 0, "outcome" text not null, "error" text null, primary key ("id"));`,
    );
    this.addSql(`create index "benchmark_run_day_index" on "benchmark_run" ("day");`);
    this.addSql(`create index "benchmark_run_started_at_index" on "benchmark_run" ("started_at");`);

    this.addSql(
      `alter table "metric" add constraint "metric_range_valid" check (min_value <= max_value);`,
    );
    this.addSql(
      `alter table "metric" add constraint "metric_direction_check" check ("direction" in ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER'));`,
    );

    this.addSql(
      `alter table "benchmark_group" add constraint "benchmark_group_metric_key_foreign" foreign key ("metric_key") references "metric" ("key") on delete cascade;`,
    );
    this.addSql(
      `alter table "benchmark_group" add constraint "benchmark_group_kind_check" check ("kind" in ('ALL', 'INDUSTRY', 'BAND', 'INDUSTRY_BAND'));`,
    );

    this.addSql(
      `alter table "metric_value" add constraint "metric_value_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "metric_value" add constraint "metric_value_metric_key_foreign" foreign key ("metric_key") references "metric" ("key") on delete cascade;`,
    );

    this.addSql(
      `alter table "metric_latest" add constraint "metric_latest_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "metric_latest" add constraint "metric_latest_metric_key_foreign" foreign key ("metric_key") references "metric" ("key") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "benchmark_run" add constraint "benchmark_run_requested_by_id_foreign" foreign key ("requested_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "benchmark_run" add constraint "benchmark_run_trigger_check" check ("trigger" in ('SCHEDULE', 'MANUAL'));`,
    );
    this.addSql(
      `alter table "benchmark_run" add constraint "benchmark_run_outcome_check" check ("outcome" in ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED'));`,
    );

    // The metrics catalog of the product: four rates (0–100, higher is better) and the case
    // resolution time in days (lower is better, at most ten years).
    this
      .addSql(`insert into "metric" ("key", "label", "unit", "direction", "min_value", "max_value", "sort_order") values
      ('attestation_completion_rate', 'Attestation completion rate', '%', 'HIGHER_IS_BETTER', 0, 100, 1),
      ('case_on_time_rate', 'Cases closed on time', '%', 'HIGHER_IS_BETTER', 0, 100, 2),
      ('case_resolution_time', 'Case resolution time', 'days', 'LOWER_IS_BETTER', 0, 3650, 3),
      ('login_rate', 'Login rate', '%', 'HIGHER_IS_BETTER', 0, 100, 4),
      ('feature_adoption_rate', 'Feature adoption rate', '%', 'HIGHER_IS_BETTER', 0, 100, 5);`);
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "benchmark_group" drop constraint "benchmark_group_metric_key_foreign";`,
    );
    this.addSql(`alter table "metric_value" drop constraint "metric_value_metric_key_foreign";`);
    this.addSql(`alter table "metric_latest" drop constraint "metric_latest_metric_key_foreign";`);

    this.addSql(`drop table if exists "benchmark_rank" cascade;`);
    this.addSql(`drop table if exists "metric" cascade;`);
    this.addSql(`drop table if exists "benchmark_group" cascade;`);
    this.addSql(`drop table if exists "metric_value" cascade;`);
    this.addSql(`drop table if exists "metric_latest" cascade;`);
    this.addSql(`drop table if exists "benchmark_run" cascade;`);
  }
}
