import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CLIENT_ROLES, PROJECT_STATUSES } from '@credence/domain';
import { createdAt, id, updatedAt } from '../../db/columns.ts';
import { Track } from '../catalog/entities.ts';
import { Organization } from '../organizations/entities.ts';

export const ImplementationProject = defineEntity({
  name: 'ImplementationProject',
  tableName: 'implementation_project',
  properties: {
    id: id(),
    organization: () => p.manyToOne(Organization).index(),
    name: p.string().length(200),
    goLiveDate: p.date(),
    status: p.enum(PROJECT_STATUSES).default('PLANNING'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
});
export type ImplementationProject = InferEntity<typeof ImplementationProject>;

/** Training a project needs: N people of a role holding the track's credential by a date. */
export const TrainingAssignment = defineEntity({
  name: 'TrainingAssignment',
  tableName: 'training_assignment',
  properties: {
    id: id(),
    project: () => p.manyToOne(ImplementationProject).deleteRule('cascade'),
    track: () => p.manyToOne(Track).index(),
    targetRole: p.enum(CLIENT_ROLES),
    requiredCompletions: p.integer(),
    dueDate: p.date().nullable(),
    createdAt: createdAt(),
  },
  uniques: [{ properties: ['project', 'track', 'targetRole'] }],
  checks: [
    { name: 'training_assignment_required_positive', expression: 'required_completions > 0' },
  ],
});
export type TrainingAssignment = InferEntity<typeof TrainingAssignment>;
