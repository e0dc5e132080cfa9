import type { EntityManager } from '@mikro-orm/postgresql';
import { CsvError, parse } from 'csv-parse/sync';
import {
  BULK_ENROLL_MAX_ROWS,
  canEnrolInTrack,
  isInternalRole,
  ZEmail,
  type BulkEnrollInput,
  type EnrollInput,
  type TrackType,
  type UserRole,
} from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { fail } from '../../errors.ts';
import { CATALOG_WRITERS, type Scope } from '../../trpc.ts';
import { audit } from '../audit/service.ts';
import type {
  BulkEnrollResultDto,
  BulkEnrollRowDto,
  BulkRowStatus,
  EnrollResultDto,
} from './dto.ts';
import { getEnrollmentDto } from './progress.ts';

interface TrackRow {
  id: string;
  type: TrackType;
  isActive: boolean;
}

/**
 * Reads the track and holds a share lock on it until the transaction ends, so archiving it
 * cannot slip in between the check and the insert (concurrent enrolments do not block each
 * other; archiving waits for them).
 */
async function lockTrack(tx: EntityManager, trackId: string): Promise<TrackRow> {
  const [track] = await tx.execute<TrackRow[]>(
    'select id, type, is_active as "isActive" from track where id = ? for share',
    [trackId],
  );
  return track ?? fail('TRACK.NOT_FOUND');
}

const AUDIENCE: Record<TrackType, string> = {
  INTERNAL: 'internal staff',
  CLIENT_ADMIN: 'client admins',
  CLIENT_INVESTIGATOR: 'client investigators',
  CLIENT_EMPLOYEE: 'client employees',
};
const notEligible = (role: string, type: TrackType) =>
  `Not eligible: this track is for ${AUDIENCE[type]}, and this person's role is ${role.toLowerCase().replaceAll('_', ' ')}`;

/** Client users never see INTERNAL tracks: for them such a track does not exist. */
function assertVisible(actor: SessionUser, track: TrackRow): void {
  if (track.type === 'INTERNAL' && !isInternalRole(actor.role)) {
    fail('TRACK.NOT_FOUND');
  }
}

/**
 * Enrols users in one statement: the enrolments (`on conflict do nothing`, so a concurrent or
 * repeated enrolment is never a second row) and one NOT_STARTED progress row per active course
 * of each enrolment that was actually created. The enrolment's progress snapshot starts as what
 * `recomputeCompletion` would compute for those rows: the track's active required courses,
 * none completed (the caller's lock on the track keeps the course list still meanwhile).
 * Returns the users newly enrolled.
 */
async function insertEnrollments(
  tx: EntityManager,
  trackId: string,
  userIds: string[],
  enrolledBy: string,
  now: Date,
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const inserted = await tx.execute<{ userId: string }[]>(
    `with inserted as (
       insert into enrollment
              (id, user_id, track_id, enrolled_by_id, created_at, required_total, required_completed)
       select gen_random_uuid(), v.user_id, ?, ?, ?,
              (select count(*)::int from course c
                where c.track_id = ? and c.is_active and c.is_required),
              0
         from jsonb_to_recordset(?::jsonb) as v(user_id uuid)
       on conflict (user_id, track_id) do nothing
       returning id, user_id
     ), progress as (
       insert into course_progress (id, enrollment_id, course_id, status, updated_at)
       select gen_random_uuid(), i.id, c.id, 'NOT_STARTED', ?
         from inserted i join course c on c.track_id = ? and c.is_active
     )
     select user_id as "userId" from inserted`,
    [
      trackId,
      enrolledBy,
      now,
      trackId,
      JSON.stringify(userIds.map((id) => ({ user_id: id }))),
      now,
      trackId,
    ],
  );
  return new Set(inserted.map((r) => r.userId));
}

// ---------------------------------------------------------------------------------------------
// One user

interface Target {
  id: string;
  role: UserRole;
  organizationId: string | null;
  isActive: boolean;
}

/**
 * Who may enrol whom (the procedure is open to every signed-in user; this is its rule):
 * anyone themselves; catalog staff anyone; a client ADMIN the users of their own organisation,
 * other tenants' users being as missing as unknown ids; everyone else nobody else.
 */
async function resolveTarget(
  em: EntityManager,
  actor: SessionUser,
  userId: string | undefined,
): Promise<Target> {
  if (userId === undefined || userId === actor.id) {
    return { id: actor.id, role: actor.role, organizationId: actor.organizationId, isActive: true };
  }
  const staffWriter = isInternalRole(actor.role) && CATALOG_WRITERS.includes(actor.role);
  const clientAdmin = actor.role === 'ADMIN' && actor.organizationId !== null;
  if (!staffWriter && !clientAdmin) {
    await audit(em, actor.id, 'access.denied', {
      targetType: 'procedure',
      targetId: 'learning.enroll',
      details: { reason: 'enrol another user' },
    });
    return fail('ENROLLMENT.FORBIDDEN');
  }
  const [user] = await em.execute<Target[]>(
    `select id, role, organization_id as "organizationId", is_active as "isActive"
       from app_user where id = ?`,
    [userId],
  );
  if (!user || (!staffWriter && user.organizationId !== actor.organizationId)) {
    return fail('USER.NOT_FOUND');
  }
  if (!user.isActive) fail('ENROLLMENT.USER_INACTIVE');
  return user;
}

/**
 * Enrols a user in a track, idempotently: a second enrolment (also a concurrent one) returns
 * the existing enrolment with `created: false`. An archived track takes no new enrolments but
 * still answers with an existing one.
 */
export async function enroll(
  em: EntityManager,
  actor: SessionUser,
  input: EnrollInput,
  now: Date,
): Promise<EnrollResultDto> {
  const target = await resolveTarget(em, actor, input.userId);
  const { enrollmentId, created } = await em.transactional(async (tx) => {
    const track = await lockTrack(tx, input.trackId);
    assertVisible(actor, track);
    if (!canEnrolInTrack(target.role, track.type)) {
      fail('ENROLLMENT.NOT_ELIGIBLE', notEligible(target.role, track.type));
    }
    const inserted = track.isActive
      ? await insertEnrollments(tx, track.id, [target.id], actor.id, now)
      : new Set<string>();
    const [row] = await tx.execute<{ id: string }[]>(
      'select id from enrollment where user_id = ? and track_id = ?',
      [target.id, track.id],
    );
    if (!row) return fail('TRACK.ARCHIVED', 'This track is archived and takes no new enrolments');
    return { enrollmentId: row.id, created: inserted.size > 0 };
  });
  return { created, enrollment: await getEnrollmentDto(em, enrollmentId) };
}

// ---------------------------------------------------------------------------------------------
// Bulk

interface Entry {
  row: number;
  raw: string;
}

const EMAIL_HEADER = /^e-?mail(\s*address)?$/i;

/** The email cells of a CSV text: the `email` column when there is a header, else column 1. */
function entriesFromCsv(text: string): Entry[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      return fail('ENROLLMENT.INVALID_CSV', `The CSV could not be read: ${error.message}`);
    }
    throw error;
  }
  const header = records[0]?.record.findIndex((cell) => EMAIL_HEADER.test(cell)) ?? -1;
  const data = header >= 0 ? records.slice(1) : records;
  const column = Math.max(header, 0);
  return data.map(({ record, info }) => ({ row: info.lines, raw: record[column] ?? '' }));
}

/** List entries keep their position as row number; blank entries carry nothing and are skipped. */
const entriesFromList = (emails: string[]): Entry[] =>
  emails.map((raw, index) => ({ row: index + 1, raw })).filter((e) => e.raw.trim() !== '');

interface Candidate {
  id: string;
  email: string;
  role: UserRole;
  organizationId: string | null;
  isActive: boolean;
}

/**
 * Enrols many users from a list or CSV and reports on every row. Rows are independent: a bad
 * row is reported and skipped, the good ones are enrolled together — one user lookup and one
 * insert for the whole call, whatever its size. Duplicate rows answer like their first row.
 * Users outside the caller's scope get the same "No such user" as unknown addresses.
 */
export async function bulkEnroll(
  em: EntityManager,
  actor: SessionUser,
  scope: Scope,
  input: BulkEnrollInput,
  now: Date,
): Promise<BulkEnrollResultDto> {
  const entries =
    input.emails !== undefined ? entriesFromList(input.emails) : entriesFromCsv(input.csv ?? '');
  if (entries.length === 0) fail('ENROLLMENT.NO_ROWS');
  if (entries.length > BULK_ENROLL_MAX_ROWS) {
    fail('ENROLLMENT.TOO_MANY_ROWS', `At most ${BULK_ENROLL_MAX_ROWS} rows per call`);
  }
  const parsed = entries.map((entry) => {
    const email = ZEmail.safeParse(entry.raw.trim());
    return { ...entry, email: email.success ? email.data : null };
  });
  const emails = [...new Set(parsed.flatMap((p) => (p.email === null ? [] : [p.email])))];

  return em.transactional(async (tx) => {
    const track = await lockTrack(tx, input.trackId);
    assertVisible(actor, track);
    if (!track.isActive)
      fail('TRACK.ARCHIVED', 'This track is archived and takes no new enrolments');

    const users =
      emails.length === 0
        ? []
        : await tx.execute<Candidate[]>(
            `select u.id, u.email, u.role, u.organization_id as "organizationId",
                    u.is_active as "isActive"
               from app_user u
              where u.email in (select jsonb_array_elements_text(?::jsonb))`,
            [JSON.stringify(emails)],
          );
    const byEmail = new Map(users.map((u) => [u.email, u]));
    /** Why a user cannot be enrolled, or null when they can. */
    const problem = (user: Candidate | undefined): string | null => {
      if (!user) return 'No such user';
      if (scope.kind === 'organization' && user.organizationId !== scope.organizationId) {
        return 'No such user';
      }
      if (!user.isActive) return 'This user is deactivated';
      if (!canEnrolInTrack(user.role, track.type)) return notEligible(user.role, track.type);
      return null;
    };
    const eligible = emails.flatMap((email) => {
      const user = byEmail.get(email);
      return user && problem(user) === null ? [user.id] : [];
    });
    const enrolled = await insertEnrollments(tx, track.id, eligible, actor.id, now);

    const firstRow = new Map<string, BulkEnrollRowDto>();
    const results = parsed.map((p): BulkEnrollRowDto => {
      if (p.email === null) {
        const message = p.raw.trim() === '' ? 'No email address' : 'Not a valid email address';
        return { row: p.row, email: p.raw.trim(), status: 'ERROR', message };
      }
      const first = firstRow.get(p.email);
      if (first) {
        const status: BulkRowStatus = first.status === 'ERROR' ? 'ERROR' : 'ALREADY_ENROLLED';
        const duplicate = `Duplicate of row ${first.row}`;
        const message = first.message ? `${first.message} (${duplicate})` : duplicate;
        return { row: p.row, email: p.email, status, message };
      }
      const user = byEmail.get(p.email);
      const why = problem(user);
      const result: BulkEnrollRowDto =
        why !== null || !user
          ? { row: p.row, email: p.email, status: 'ERROR', message: why ?? 'No such user' }
          : {
              row: p.row,
              email: p.email,
              status: enrolled.has(user.id) ? 'ENROLLED' : 'ALREADY_ENROLLED',
            };
      firstRow.set(p.email, result);
      return result;
    });

    const count = (status: BulkRowStatus) => results.filter((r) => r.status === status).length;
    const totals = {
      rows: results.length,
      enrolled: count('ENROLLED'),
      alreadyEnrolled: count('ALREADY_ENROLLED'),
      errors: count('ERROR'),
    };
    await audit(tx, actor.id, 'enrollment.bulk_enrolled', {
      targetType: 'track',
      targetId: track.id,
      details: totals,
    });
    return { trackId: track.id, results, totals };
  });
}
