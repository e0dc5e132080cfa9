import { Migration } from '@mikro-orm/migrations';

export class Migration20261202164435_sign_in_limits extends Migration {
  override name = 'Migration20261202164435_sign_in_limits';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "rate_limit" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, primary key ("key"));`,
    );

    this.addSql(
      `create table "password_link" ("token_hash" varchar(64) not null, "user_id" uuid not null, "created_by_id" uuid null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("token_hash"));`,
    );
    this.addSql(`create index "password_link_user_id_index" on "password_link" ("user_id");`);

    this.addSql(`drop table if exists "login_failure" cascade;`);

    this.addSql(
      `alter table "password_link" add constraint "password_link_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "password_link" add constraint "password_link_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `create table "login_failure" ("id" bigserial primary key, "key" varchar(400) not null, "at" timestamptz(6) not null default now());`,
    );
    this.addSql(`create index "login_failure_key_at_index" on "login_failure" ("key", "at");`);

    this.addSql(`drop table if exists "rate_limit" cascade;`);
    this.addSql(`drop table if exists "password_link" cascade;`);
  }
}
