import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserRole } from '@credence/domain';
import { sql } from 'kysely';
import { hashPassword } from '../../modules/auth/passwords.ts';
import { Organization } from '../../modules/organizations/entities.ts';
import { User } from '../../modules/users/entities.ts';
import { db } from '../sql.ts';
import { seedBenchmarks } from './benchmarks.ts';
import { seedCatalog } from './catalog.ts';
import { seedProjects } from './projects.ts';
import { seedQuizAttempts } from './quizzes.ts';

/** Shared by every demo account; printed by the launcher. Not for production data. */
export const DEMO_PASSWORD = 'credence-demo';

export interface DemoAccount {
  email: string;
  name: string;
  role: UserRole;
  organization?: string;
}

const ORGS = [
  {
    name: 'Northwind Health',
    industrySector: 'Healthcare',
    employeeCount: 420,
    // A customer already (benchmarks count ACTIVE organisations), rolling out more modules.
    status: 'ACTIVE' as const,
  },
  {
    name: 'Contoso Bank',
    industrySector: 'Financial Services',
    employeeCount: 2600,
    status: 'ACTIVE' as const,
  },
];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@credence.test', name: 'Ada Admin', role: 'PLATFORM_ADMIN' },
  {
    email: 'implementation@credence.test',
    name: 'Ivan Implementer',
    role: 'IMPLEMENTATION_MANAGER',
  },
  { email: 'success@credence.test', name: 'Sasha Success', role: 'CUSTOMER_SUCCESS' },
  {
    email: 'admin@northwind.test',
    name: 'Nora North',
    role: 'ADMIN',
    organization: 'Northwind Health',
  },
  {
    email: 'investigator@northwind.test',
    name: 'Ian Inquiry',
    role: 'INVESTIGATOR',
    organization: 'Northwind Health',
  },
  {
    email: 'employee@northwind.test',
    name: 'Emma Employee',
    role: 'EMPLOYEE',
    organization: 'Northwind Health',
  },
  {
    email: 'admin@contoso.test',
    name: 'Carl Contoso',
    role: 'ADMIN',
    organization: 'Contoso Bank',
  },
  {
    email: 'investigator@contoso.test',
    name: 'Iris Contoso',
    role: 'INVESTIGATOR',
    organization: 'Contoso Bank',
  },
  {
    email: 'employee@contoso.test',
    name: 'Eli Contoso',
    role: 'EMPLOYEE',
    organization: 'Contoso Bank',
  },
];

/** Advisory lock that serialises concurrent demo seeds against one database. */
const SEED_LOCK = 7263001;

/**
 * Loads the demo data into an empty database, in one transaction; returns false (and does
 * nothing) when any user exists already, so a second start keeps the data as it is.
 */
export async function seedDemoData(em: EntityManager): Promise<boolean> {
  return em.transactional(async (tx) => {
    // Serialises concurrent starts against one database.
    await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(db(tx));
    if ((await tx.count(User, {})) > 0) return false;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const orgs = new Map(ORGS.map((o) => [o.name, tx.create(Organization, o)]));
    for (const account of DEMO_ACCOUNTS) {
      tx.create(User, {
        email: account.email,
        name: account.name,
        role: account.role,
        organization: account.organization ? orgs.get(account.organization) : null,
        passwordHash,
      });
    }
    await tx.flush();
    // Later parts of the demo (catalog, enrolments, projects) add their rows here, in order.
    await seedCatalog(tx);
    await seedProjects(tx);
    await seedQuizAttempts(tx);
    await tx.flush();
    await seedBenchmarks(tx);
    return true;
  });
}
