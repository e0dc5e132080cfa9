import type { EntityManager } from '@mikro-orm/postgresql';
import {
  isInternalRole,
  TRACK_TYPES,
  type CourseCreateInput,
  type CourseUpdateInput,
  type PublishVersionInput,
  type ReorderCoursesInput,
  type TrackCreateInput,
  type TrackLevel,
  type TrackListInput,
  type TrackType,
  type TrackUpdateInput,
} from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { fail } from '../../errors.ts';
import { audit } from '../audit/service.ts';
import { recomputeCompletion } from '../learning/completion.ts';
import type { CourseDto, TrackDto } from './dto.ts';
import { Course, Track } from './entities.ts';

/**
 * Who is reading the catalog: staff see every track and course (archived ones on request);
 * learners (client users) see active tracks of the CLIENT_* types and their active courses.
 */
export type Audience = 'staff' | 'learner';
export const audienceOf = (user: SessionUser): Audience =>
  isInternalRole(user.role) ? 'staff' : 'learner';

const CLIENT_TRACK_TYPES: readonly TrackType[] = TRACK_TYPES.filter((t) => t.startsWith('CLIENT_'));

// ---------------------------------------------------------------------------------------------
// Reads. Raw SQL, so a DTO always shows the committed rows (never a stale identity map after
// the conditional updates below) and a list costs two queries whatever its length.

interface TrackRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  type: TrackType;
  level: TrackLevel;
  isActive: boolean;
  requiredForGoLive: boolean;
  estimatedHours: number | null;
  versionMajor: number;
  versionMinor: number;
  sortOrder: number;
  certificateValidityMonths: number;
}

const TRACK_COLUMNS = `t.id, t.slug, t.name, t.description, t.type, t.level,
  t.is_active as "isActive", t.required_for_go_live as "requiredForGoLive",
  t.estimated_hours as "estimatedHours", t.version_major as "versionMajor",
  t.version_minor as "versionMinor", t.sort_order as "sortOrder",
  t.certificate_validity_months as "certificateValidityMonths"`;

const COURSE_COLUMNS = `c.id, c.track_id as "trackId", c.name, c.description,
  c.content_url as "contentUrl", c.estimated_minutes as "estimatedMinutes",
  c.sort_order as "sortOrder", c.is_required as "isRequired", c.is_active as "isActive",
  exists (select 1 from quiz q where q.course_id = c.id) as "hasExam"`;

async function loadCourses(
  em: EntityManager,
  audience: Audience,
  trackIds: string[],
): Promise<CourseDto[]> {
  if (trackIds.length === 0) return [];
  return em.execute<CourseDto[]>(
    `select ${COURSE_COLUMNS}
       from course c
      where c.track_id in (?) ${audience === 'learner' ? 'and c.is_active' : ''}
      order by c.is_active desc, c.sort_order, c.created_at, c.id`,
    [trackIds],
  );
}

function toTrackDto(row: TrackRow, courses: CourseDto[]): TrackDto {
  const activeMinutes = courses
    .filter((c) => c.isActive)
    .reduce((sum, c) => sum + c.estimatedMinutes, 0);
  return {
    ...row,
    estimatedHours: row.estimatedHours ?? Math.ceil(activeMinutes / 60),
    estimatedHoursDerived: row.estimatedHours === null,
    version: `${row.versionMajor}.${row.versionMinor}`,
    courses,
  };
}

async function loadTracks(
  em: EntityManager,
  audience: Audience,
  filter: { id?: string; includeArchived?: boolean; type?: TrackType },
): Promise<TrackDto[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.id !== undefined) {
    where.push('t.id = ?');
    params.push(filter.id);
  }
  if (audience === 'learner') {
    where.push('t.is_active', 't.type in (?)');
    params.push(CLIENT_TRACK_TYPES);
  } else if (!filter.includeArchived) {
    where.push('t.is_active');
  }
  if (filter.type !== undefined) {
    where.push('t.type = ?');
    params.push(filter.type);
  }
  const rows = await em.execute<TrackRow[]>(
    `select ${TRACK_COLUMNS}
       from track t
      ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
      order by t.sort_order, t.name, t.id`,
    params,
  );
  const courses = await loadCourses(
    em,
    audience,
    rows.map((r) => r.id),
  );
  const byTrack = Map.groupBy(courses, (c) => c.trackId);
  return rows.map((row) => toTrackDto(row, byTrack.get(row.id) ?? []));
}

export function listTracks(
  em: EntityManager,
  audience: Audience,
  input: TrackListInput,
): Promise<TrackDto[]> {
  return loadTracks(em, audience, input);
}

/** A track the audience may see; otherwise the same NOT_FOUND as for a missing one. */
export async function getTrack(em: EntityManager, audience: Audience, id: string) {
  const [track] = await loadTracks(em, audience, { id, includeArchived: true });
  return track ?? fail('TRACK.NOT_FOUND');
}

async function getCourse(em: EntityManager, id: string): Promise<CourseDto> {
  const [course] = await em.execute<CourseDto[]>(
    `select ${COURSE_COLUMNS} from course c where c.id = ?`,
    [id],
  );
  return course ?? fail('COURSE.NOT_FOUND');
}

// ---------------------------------------------------------------------------------------------
// Tracks

/** A taken slug is the unique constraint's answer (TRACK.SLUG_TAKEN), races included. */
export async function createTrack(
  em: EntityManager,
  actor: SessionUser,
  input: TrackCreateInput,
): Promise<TrackDto> {
  const id = await em.transactional(async (tx) => {
    const track = tx.create(Track, { ...input });
    await tx.flush();
    await audit(tx, actor.id, 'track.created', {
      targetType: 'track',
      targetId: track.id,
      details: { slug: track.slug },
    });
    return track.id;
  });
  return getTrack(em, 'staff', id);
}

/**
 * Changes a track's fields in one transaction holding the track row lock. Its type decides who
 * may enrol and which role an assignment trains, so a track with any enrolment or training
 * assignment keeps its type (TRACK.IN_USE): those were checked against the old one. Enrolments
 * take a share lock on the track, so none slips in between the check and the change.
 */
export async function updateTrack(em: EntityManager, input: TrackUpdateInput): Promise<TrackDto> {
  const { id, ...changes } = input;
  await em.transactional(async (tx) => {
    const locked = await lockTrack(tx, id);
    if (changes.type !== undefined && changes.type !== locked.type) {
      const [use] = await tx.execute<{ inUse: boolean }[]>(
        `select exists (select 1 from enrollment where track_id = ?)
               or exists (select 1 from training_assignment where track_id = ?) as "inUse"`,
        [id, id],
      );
      if (use?.inUse) {
        fail('TRACK.IN_USE');
      }
    }
    const track = await tx.findOneOrFail(Track, id);
    if (changes.slug !== undefined) track.slug = changes.slug;
    if (changes.name !== undefined) track.name = changes.name;
    if (changes.description !== undefined) track.description = changes.description;
    if (changes.type !== undefined) track.type = changes.type;
    if (changes.level !== undefined) track.level = changes.level;
    if (changes.requiredForGoLive !== undefined) {
      track.requiredForGoLive = changes.requiredForGoLive;
    }
    if (changes.estimatedHours !== undefined) track.estimatedHours = changes.estimatedHours;
    if (changes.sortOrder !== undefined) track.sortOrder = changes.sortOrder;
    if (changes.certificateValidityMonths !== undefined) {
      track.certificateValidityMonths = changes.certificateValidityMonths;
    }
    await tx.flush();
  });
  return getTrack(em, 'staff', id);
}

/** Soft delete: the track stays with its enrolments and certificates, but accepts no new ones. */
export async function archiveTrack(
  em: EntityManager,
  actor: SessionUser,
  id: string,
): Promise<TrackDto> {
  await em.transactional(async (tx) => {
    const archived = await tx.execute<{ id: string }[]>(
      'update track set is_active = false, updated_at = now() where id = ? and is_active returning id',
      [id],
    );
    if (archived.length > 0) {
      await audit(tx, actor.id, 'track.archived', { targetType: 'track', targetId: id });
    }
  });
  // Archiving an archived track changes nothing and answers the same.
  return getTrack(em, 'staff', id);
}

async function whyNotPublished(tx: EntityManager, id: string): Promise<never> {
  return (await tx.count(Track, { id })) > 0
    ? fail('TRACK.ARCHIVED', 'An archived track cannot publish a new version')
    : fail('TRACK.NOT_FOUND');
}

/**
 * Bumps the version in one conditional UPDATE, so concurrent publishes each count once. After a
 * MAJOR bump, certificates of earlier majors are SUPERSEDED (the domain's `certificateStatus`
 * compares the certificate's major with the track's).
 */
export async function publishVersion(
  em: EntityManager,
  actor: SessionUser,
  input: PublishVersionInput,
): Promise<TrackDto> {
  const bump =
    input.bump === 'MAJOR'
      ? 'version_major = version_major + 1, version_minor = 0'
      : 'version_minor = version_minor + 1';
  await em.transactional(async (tx) => {
    const [updated] = await tx.execute<{ versionMajor: number; versionMinor: number }[]>(
      `update track set ${bump}, updated_at = now()
        where id = ? and is_active
        returning version_major as "versionMajor", version_minor as "versionMinor"`,
      [input.id],
    );
    const row = updated ?? (await whyNotPublished(tx, input.id));
    await audit(tx, actor.id, 'track.version_published', {
      targetType: 'track',
      targetId: input.id,
      details: {
        bump: input.bump,
        version: `${row.versionMajor}.${row.versionMinor}`,
        versionMajor: row.versionMajor,
        versionMinor: row.versionMinor,
      },
    });
  });
  return getTrack(em, 'staff', input.id);
}

// ---------------------------------------------------------------------------------------------
// Courses. Every write locks the track row first, so course writes, re-orders and the
// completion recompute of one track run one after another. An archived track keeps its history:
// its courses (and quizzes) cannot change, or completed enrolments would be reopened.

interface LockedTrack {
  trackId: string;
  type: TrackType;
  isActive: boolean;
}

async function lockTrack(tx: EntityManager, trackId: string): Promise<LockedTrack> {
  const [row] = await tx.execute<LockedTrack[]>(
    `select id as "trackId", type, is_active as "isActive" from track where id = ? for update`,
    [trackId],
  );
  return row ?? fail('TRACK.NOT_FOUND');
}

/** Locks the track of the course (not the course row: track first, everywhere). */
export async function lockTrackOfCourse(tx: EntityManager, courseId: string): Promise<LockedTrack> {
  const [row] = await tx.execute<LockedTrack[]>(
    `select t.id as "trackId", t.type, t.is_active as "isActive"
       from course c join track t on t.id = c.track_id
      where c.id = ? for update of t`,
    [courseId],
  );
  return row ?? fail('COURSE.NOT_FOUND');
}

/** TRACK.ARCHIVED unless the locked track is active. */
export function refuseArchived(track: LockedTrack): void {
  if (!track.isActive) {
    fail('TRACK.ARCHIVED', 'This track is archived: its courses and quizzes cannot change');
  }
}

/** Appends the course at the end of its track. */
export async function createCourse(
  em: EntityManager,
  input: CourseCreateInput,
  now: Date,
): Promise<CourseDto> {
  const id = await em.transactional(async (tx) => {
    refuseArchived(await lockTrack(tx, input.trackId));
    const [next] = await tx.execute<{ sortOrder: number }[]>(
      'select coalesce(max(sort_order), 0) + 1 as "sortOrder" from course where track_id = ?',
      [input.trackId],
    );
    const course = tx.create(Course, {
      track: tx.getReference(Track, input.trackId),
      name: input.name,
      description: input.description,
      contentUrl: input.contentUrl,
      estimatedMinutes: input.estimatedMinutes,
      isRequired: input.isRequired,
      sortOrder: next?.sortOrder ?? 1,
    });
    await tx.flush();
    // A new required course makes completed enrolments incomplete again.
    await recomputeCompletion(tx, { trackId: input.trackId }, now);
    return course.id;
  });
  return getCourse(em, id);
}

/** Also archives (isActive false) and restores courses; courses are never deleted. */
export async function updateCourse(
  em: EntityManager,
  input: CourseUpdateInput,
  now: Date,
): Promise<CourseDto> {
  await em.transactional(async (tx) => {
    const track = await lockTrackOfCourse(tx, input.id);
    refuseArchived(track);
    const { trackId } = track;
    const course = await tx.findOneOrFail(Course, input.id);
    const affectsCompletion =
      (input.isRequired !== undefined && input.isRequired !== course.isRequired) ||
      (input.isActive !== undefined && input.isActive !== course.isActive);
    if (input.name !== undefined) course.name = input.name;
    if (input.description !== undefined) course.description = input.description;
    if (input.contentUrl !== undefined) course.contentUrl = input.contentUrl;
    if (input.estimatedMinutes !== undefined) course.estimatedMinutes = input.estimatedMinutes;
    if (input.isRequired !== undefined) course.isRequired = input.isRequired;
    if (input.isActive !== undefined) course.isActive = input.isActive;
    await tx.flush();
    if (affectsCompletion) await recomputeCompletion(tx, { trackId }, now);
  });
  return getCourse(em, input.id);
}

export function removeCourse(em: EntityManager, id: string, now: Date): Promise<CourseDto> {
  return updateCourse(em, { id, isActive: false }, now);
}

/**
 * Applies a complete new order of the track's active courses in one statement. Anything but
 * exactly that set is COURSE.REORDER_MISMATCH and writes nothing.
 */
export async function reorderCourses(
  em: EntityManager,
  input: ReorderCoursesInput,
): Promise<TrackDto> {
  await em.transactional(async (tx) => {
    refuseArchived(await lockTrack(tx, input.trackId));
    const active = await tx.execute<{ id: string }[]>(
      'select id from course where track_id = ? and is_active',
      [input.trackId],
    );
    const activeIds = new Set(active.map((c) => c.id));
    // The schema rejects duplicates, so equal sizes and inclusion mean the same set.
    if (
      input.courseIds.length !== activeIds.size ||
      !input.courseIds.every((id) => activeIds.has(id))
    ) {
      fail('COURSE.REORDER_MISMATCH');
    }
    const order = input.courseIds.map((id, index) => ({ id, pos: index + 1 }));
    await tx.execute(
      `update course c set sort_order = v.pos, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as v(id uuid, pos int)
        where c.id = v.id and c.track_id = ?`,
      [JSON.stringify(order), input.trackId],
    );
  });
  return getTrack(em, 'staff', input.trackId);
}
