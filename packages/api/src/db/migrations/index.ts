import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122060158_initial } from './Migration20261122060158_initial.ts';
import { Migration20261122071122_enrollment_progress } from './Migration20261122071122_enrollment_progress.ts';
import { Migration20261202164158_benchmarks } from './Migration20261202164158_benchmarks.ts';
import { Migration20261202164240_quiz_attempts } from './Migration20261202164240_quiz_attempts.ts';
import { Migration20261202164435_sign_in_limits } from './Migration20261202164435_sign_in_limits.ts';

/** Every migration in order. New ones come from `pnpm --filter @credence/api migration:create <name>`. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122060158_initial', class: Migration20261122060158_initial },
  {
    name: 'Migration20261122071122_enrollment_progress',
    class: Migration20261122071122_enrollment_progress,
  },
  { name: 'Migration20261202164158_benchmarks', class: Migration20261202164158_benchmarks },
  { name: 'Migration20261202164240_quiz_attempts', class: Migration20261202164240_quiz_attempts },
  { name: 'Migration20261202164435_sign_in_limits', class: Migration20261202164435_sign_in_limits },
];
