import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122060158_initial } from './Migration20261122060158_initial.ts';
import { Migration20261122071122_enrollment_progress } from './Migration20261122071122_enrollment_progress.ts';
import { Migration20261202164158_benchmarks } from './Migration20261202164158_benchmarks.ts';

/** Every migration in order. New ones come from `pnpm --filter @credence/api migration:create <name>`. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122060158_initial', class: Migration20261122060158_initial },
  {
    name: 'Migration20261122071122_enrollment_progress',
    class: Migration20261122071122_enrollment_progress,
  },
  { name: 'Migration20261202164158_benchmarks', class: Migration20261202164158_benchmarks },
];
