import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ORGANIZATION_STATUSES } from '@credence/domain';
import { createdAt, id, updatedAt } from '../../db/columns.ts';

export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organization',
  properties: {
    id: id(),
    name: p.string().length(200).unique(),
    industrySector: p.string().length(100).index(),
    employeeCount: p.integer(),
    status: p.enum(ORGANIZATION_STATUSES).default('ONBOARDING'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  checks: [{ name: 'organization_employee_count_positive', expression: 'employee_count > 0' }],
});
export type Organization = InferEntity<typeof Organization>;
