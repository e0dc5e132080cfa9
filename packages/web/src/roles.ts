import type { AppRouter } from '@credence/api';
import type { inferRouterOutputs } from '@trpc/server';

export type Outputs = inferRouterOutputs<AppRouter>;
export type Me = NonNullable<Outputs['auth']['me']>;
export type Role = Me['role'];

const STAFF: readonly Role[] = ['PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER', 'CUSTOMER_SUCCESS'];
const EDITORS: readonly Role[] = ['PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'];

export const isStaff = (role: Role) => STAFF.includes(role);
/** Writes the catalog, organisations, users and training assignments (product.md §7). */
export const canEdit = (role: Role) => EDITORS.includes(role);
export const isClientAdmin = (role: Role) => role === 'ADMIN';

export type Area = 'training' | 'catalog' | 'organisations' | 'people' | 'projects' | 'reports';

export interface NavItem {
  area: Area;
  label: string;
  to: string;
}

export function navFor(role: Role): NavItem[] {
  if (isStaff(role)) {
    return [
      { area: 'catalog', label: 'Catalog', to: '/catalog' },
      { area: 'organisations', label: 'Organisations', to: '/organisations' },
      { area: 'people', label: 'People', to: '/people' },
      { area: 'projects', label: 'Projects', to: '/projects' },
      { area: 'reports', label: 'Reports', to: '/reports' },
      // Staff take the INTERNAL tracks themselves.
      { area: 'training', label: 'My training', to: '/training' },
    ];
  }
  if (isClientAdmin(role)) {
    return [
      { area: 'training', label: 'My training', to: '/training' },
      { area: 'people', label: 'People', to: '/people' },
      { area: 'projects', label: 'Training projects', to: '/projects' },
      { area: 'reports', label: 'Reports', to: '/reports' },
    ];
  }
  return [{ area: 'training', label: 'My training', to: '/training' }];
}

export const homeFor = (role: Role) => navFor(role)[0]?.to ?? '/training';

const WORDS: Record<string, string> = {
  PLATFORM_ADMIN: 'Platform admin',
  IMPLEMENTATION_MANAGER: 'Implementation manager',
  CUSTOMER_SUCCESS: 'Customer success',
  ADMIN: 'Client admin',
  INVESTIGATOR: 'Investigator',
  EMPLOYEE: 'Employee',
  INTERNAL: 'Internal staff',
  CLIENT_ADMIN: 'Client admins',
  CLIENT_INVESTIGATOR: 'Client investigators',
  CLIENT_EMPLOYEE: 'Client employees',
  SINGLE_CHOICE: 'Single choice',
  TRUE_FALSE: 'True / false',
  MULTI_SELECT: 'Multiple select',
  NEVER_AFTER_FINAL_FAIL: 'Always, except after a failed final attempt',
  AFTER_PASS: 'Only after passing',
  ALWAYS: 'Always',
  NEVER: 'Never',
};

/** `IN_PROGRESS` → `In progress`; roles and types get their proper names. */
export function label(value: string): string {
  const known = WORDS[value];
  if (known) return known;
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
