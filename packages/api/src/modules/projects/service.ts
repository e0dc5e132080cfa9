import { LockMode } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  completionForecast,
  goLiveReadiness,
  progressPercent,
  trackTypeForRole,
  trainingStatus,
  type AssignTrainingInput,
  type ProjectCreateInput,
  type ProjectListInput,
} from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import { audit, outsideScope } from '../audit/service.ts';
import { Track } from '../catalog/entities.ts';
import { Organization } from '../organizations/entities.ts';
import type {
  AssignmentDto,
  AssignTrainingResultDto,
  GoLiveReadinessDto,
  ProjectDetailDto,
  ProjectDto,
  TrainingStatusDto,
} from './dto.ts';
import { loadHeadcounts } from './changes.ts';
import { ImplementationProject } from './entities.ts';
import {
  findAssignments,
  findProjects,
  loadPending,
  loadProjectStatus,
  toDate,
  upsertAssignment,
  type AssignmentRow,
  type ProjectRow,
  type StatusAssignment,
} from './queries.ts';

/** How many in-progress people readiness lists per blocking assignment (the total is given too). */
export const PEOPLE_PER_ASSIGNMENT = 50;

const notFound = (): never => fail('PROJECT.NOT_FOUND');

const toProjectDto = (r: ProjectRow): ProjectDto => ({
  id: r.id,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  name: r.name,
  goLiveDate: r.go_live_date,
  status: r.status,
  assignmentCount: r.assignment_count,
  createdAt: toDate(r.created_at).toISOString(),
});

const toAssignmentDto = (r: AssignmentRow): AssignmentDto => ({
  id: r.id,
  projectId: r.project_id,
  trackId: r.track_id,
  trackName: r.track_name,
  trackSlug: r.track_slug,
  trackType: r.track_type,
  trackIsActive: r.track_is_active,
  requiredForGoLive: r.required_for_go_live,
  targetRole: r.target_role,
  requiredCompletions: r.required_completions,
  dueDate: r.due_date,
  createdAt: toDate(r.created_at).toISOString(),
});

/**
 * The last moment of a calendar day (UTC, as dates are stored): a due date includes its whole
 * day, so work is late from the next day on (the domain's rule is `dueDate < now`).
 */
export function endOfDay(day: string): Date {
  const start = new Date(`${day}T00:00:00.000Z`);
  return new Date(start.getTime() + 24 * 60 * 60 * 1000 - 1);
}

export async function listProjects(
  em: EntityManager,
  scope: Scope,
  input: ProjectListInput,
): Promise<ProjectDto[]> {
  if (
    scope.kind === 'organization' &&
    input.organizationId &&
    input.organizationId !== scope.organizationId
  ) {
    await outsideScope(em, scope, 'ORGANIZATION.NOT_FOUND', undefined, {
      targetType: 'organization',
      targetId: input.organizationId,
    });
  }
  const rows = await findProjects(em, scope, {
    organizationId: input.organizationId,
    status: input.status,
  });
  return rows.map(toProjectDto);
}

/** The project with its assignments, or PROJECT.NOT_FOUND (also for another tenant's). */
export async function getProject(
  em: EntityManager,
  scope: Scope,
  projectId: string,
): Promise<ProjectDetailDto> {
  const [row] = await findProjects(em, scope, { projectId });
  if (!row) return notFound();
  const assignments = await findAssignments(em, { projectId });
  return { ...toProjectDto(row), assignments: assignments.map(toAssignmentDto) };
}

/** One project as the list shows it (after a write, so any scope). */
export async function getProjectSummary(em: EntityManager, projectId: string): Promise<ProjectDto> {
  const [row] = await findProjects(em, { kind: 'all' }, { projectId });
  return row ? toProjectDto(row) : notFound();
}

export async function createProject(
  em: EntityManager,
  actor: SessionUser,
  input: ProjectCreateInput,
): Promise<ProjectDto> {
  const organization = await em.findOne(Organization, input.organizationId);
  if (!organization) return fail('ORGANIZATION.NOT_FOUND');
  const project = em.create(ImplementationProject, {
    organization,
    name: input.name,
    goLiveDate: input.goLiveDate,
    status: input.status,
  });
  await em.transactional(async (tx) => {
    await tx.flush();
    await audit(tx, actor.id, 'project.created', {
      targetType: 'implementation_project',
      targetId: project.id,
      details: { organizationId: organization.id, goLiveDate: input.goLiveDate },
    });
  });
  return {
    id: project.id,
    organizationId: organization.id,
    organizationName: organization.name,
    name: project.name,
    goLiveDate: input.goLiveDate,
    status: project.status,
    assignmentCount: 0,
    createdAt: project.createdAt.toISOString(),
  };
}

/**
 * Assigns a track to a project for a role: N people of that role must complete it (by the due
 * date). The track must exist, be active and be of the role's type; the (project, track, role)
 * triple is unique, so assigning it again updates its count and due date. Audited.
 */
export async function assignTraining(
  em: EntityManager,
  actor: SessionUser,
  input: AssignTrainingInput,
  now: Date = new Date(),
): Promise<AssignTrainingResultDto> {
  return em.transactional(async (tx) => {
    const project = await tx.findOne(ImplementationProject, input.projectId, { fields: ['id'] });
    if (!project) return notFound();
    // Shared lock: archiving the track or changing its type waits until this assignment is in.
    const track = await tx.findOne(Track, input.trackId, { lockMode: LockMode.PESSIMISTIC_READ });
    if (!track) return fail('TRACK.NOT_FOUND');
    if (!track.isActive) {
      return fail('TRACK.ARCHIVED', `Track "${track.name}" is archived and cannot be assigned`);
    }
    const expectedType = trackTypeForRole(input.targetRole);
    if (track.type !== expectedType) {
      return fail(
        'ASSIGNMENT.ROLE_MISMATCH',
        `Track "${track.name}" is a ${track.type} track; ${input.targetRole} users need a ${expectedType} track`,
      );
    }
    const row = await upsertAssignment(tx, {
      id: randomUUID(),
      projectId: input.projectId,
      trackId: track.id,
      targetRole: input.targetRole,
      requiredCompletions: input.requiredCompletions,
      dueDate: input.dueDate,
      now,
    });
    await audit(
      tx,
      actor.id,
      row.created ? 'project.training_assigned' : 'project.training_updated',
      {
        targetType: 'training_assignment',
        targetId: row.id,
        details: {
          projectId: input.projectId,
          trackId: track.id,
          targetRole: input.targetRole,
          requiredCompletions: input.requiredCompletions,
          dueDate: input.dueDate,
          ...(row.created
            ? {}
            : {
                previous: {
                  requiredCompletions: row.previous_required,
                  dueDate: row.previous_due_date,
                },
              }),
        },
      },
    );
    return {
      id: row.id,
      projectId: input.projectId,
      trackId: track.id,
      trackName: track.name,
      trackSlug: track.slug,
      trackType: track.type,
      trackIsActive: track.isActive,
      requiredForGoLive: track.requiredForGoLive,
      targetRole: input.targetRole,
      requiredCompletions: input.requiredCompletions,
      dueDate: input.dueDate,
      createdAt: toDate(row.created_at).toISOString(),
      created: row.created,
    };
  });
}

const dueOf = (a: StatusAssignment) => (a.dueDate === null ? null : endOfDay(a.dueDate));

/**
 * Project training status (docs/product-rules.md): two statements (the counts, then each
 * assignment's headcount and people not enrolled), the rules from the domain.
 */
export async function getTrainingStatus(
  em: EntityManager,
  scope: Scope,
  projectId: string,
  now: Date = new Date(),
): Promise<TrainingStatusDto> {
  const project = (await loadProjectStatus(em, scope, projectId, now)) ?? notFound();
  const headcounts = await loadHeadcounts(em, project.projectId);
  const status = trainingStatus({
    now,
    assignments: project.assignments.map((a) => ({
      assignmentId: a.assignmentId,
      requiredCompletions: a.requiredCompletions,
      completions: a.completions,
      dueDate: dueOf(a),
    })),
  });
  return {
    projectId: project.projectId,
    goLiveDate: project.goLiveDate,
    complete: status.complete,
    assignments: project.assignments.map((a, i) => {
      const s = status.assignments[i];
      if (!s) throw new Error('training status lost an assignment');
      const people = headcounts.get(a.assignmentId) ?? { headcount: 0, notEnrolled: 0 };
      return {
        assignmentId: a.assignmentId,
        trackId: a.trackId,
        trackName: a.trackName,
        targetRole: a.targetRole,
        requiredForGoLive: a.requiredForGoLive,
        required: s.required,
        completed: s.completed,
        complete: s.complete,
        overdue: s.overdue,
        dueDate: a.dueDate,
        headcount: people.headcount,
        notEnrolled: people.notEnrolled,
        exceedsHeadcount: s.required > people.headcount,
      };
    }),
  };
}

/**
 * Go-live readiness (docs/product-rules.md) in at most two SQL statements whatever the number of
 * assignments: the project with its completion counts, then — only when something blocks —
 * who is missing for every blocking assignment at once. Ready/blocking, overdue, the people
 * and the forecast are the domain's rules.
 */
export async function getGoLiveReadiness(
  em: EntityManager,
  scope: Scope,
  projectId: string,
  now: Date = new Date(),
): Promise<GoLiveReadinessDto> {
  const project = (await loadProjectStatus(em, scope, projectId, now)) ?? notFound();
  const verdict = goLiveReadiness({
    now,
    assignments: project.assignments.map((a) => ({
      assignmentId: a.assignmentId,
      trackId: a.trackId,
      trackName: a.trackName,
      targetRole: a.targetRole,
      requiredForGoLive: a.requiredForGoLive,
      requiredCompletions: a.requiredCompletions,
      completions: a.completions,
      dueDate: dueOf(a),
    })),
  });
  const byId = new Map(project.assignments.map((a) => [a.assignmentId, a]));
  const blocking = verdict.blocking.map((b) => {
    const a = byId.get(b.assignmentId);
    if (!a) throw new Error('readiness lost an assignment');
    return { b, a };
  });
  const pending = await loadPending(
    em,
    project.projectId,
    blocking.map(({ a }) => a),
    PEOPLE_PER_ASSIGNMENT,
  );
  return {
    projectId: project.projectId,
    goLiveDate: project.goLiveDate,
    ready: verdict.ready,
    blocking: blocking.map(({ b, a }) => {
      const who = pending.get(a.assignmentId) ?? { inProgress: 0, members: 0, people: [] };
      const deadline = a.dueDate ?? project.goLiveDate;
      const forecast = completionForecast({
        now,
        startedAt: project.createdAt,
        dueDate: endOfDay(deadline),
        completed: b.completed,
        required: b.required,
        // The domain counts the completions inside [startedAt, now] to find the pace; the SQL
        // has counted them already, so each stands in at the window's start rather than
        // shipping thousands of timestamps per call.
        completedSinceStart: a.completionsSinceStart,
      });
      return {
        assignmentId: b.assignmentId,
        trackId: b.trackId,
        trackName: b.trackName,
        targetRole: a.targetRole,
        required: b.required,
        completed: b.completed,
        missing: b.missing,
        overdue: b.overdue,
        dueDate: a.dueDate,
        inProgress: {
          total: who.inProgress,
          people: who.people.map((p) => ({
            ...p,
            progressPercent: progressPercent(p.requiredCompleted, p.requiredTotal),
          })),
        },
        // Everyone who counts is enrolled, so the rest of the role's people are not.
        notEnrolled: Math.max(0, who.members - b.completed - who.inProgress),
        forecast: {
          deadline,
          completedSinceStart: a.completionsSinceStart,
          projectedCompletions: forecast.projectedCompletions,
          onTrack: forecast.onTrack,
        },
      };
    }),
  };
}
