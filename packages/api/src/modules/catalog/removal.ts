import type { EntityManager } from '@mikro-orm/postgresql';
import type { SessionUser } from '../../context.ts';
import { db } from '../../db/sql.ts';
import { fail } from '../../errors.ts';
import { audit } from '../audit/service.ts';
import type { DeletedQuizDto } from './dto.ts';
import { lockTrackOfCourse, refuseArchived } from './service.ts';

/**
 * Un-archives a track: it takes enrolments and course changes again. Restoring an active track
 * changes nothing (no audit record) and answers the same; an unknown track is NOT_FOUND.
 */
export async function restoreTrack(em: EntityManager, actor: SessionUser, id: string) {
  await em.transactional(async (tx) => {
    const restored = await db(tx)
      .updateTable('track')
      .set({ is_active: true, updated_at: new Date() })
      .where('id', '=', id)
      .where('is_active', '=', false)
      .returning('id')
      .execute();
    if (restored.length > 0) {
      await audit(tx, actor.id, 'track.restored', { targetType: 'track', targetId: id });
    }
  });
}

/**
 * PostgreSQL refusing to delete a referenced row: restrict_violation (ON DELETE RESTRICT) or
 * foreign_key_violation (NO ACTION), as the driver reports it (possibly wrapped).
 */
const REFERENCED = new Set(['23001', '23503']);
function isForeignKeyViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e === 'object' && 'code' in e && REFERENCED.has(String(e.code))) return true;
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return false;
}

/**
 * Deletes a course's quiz with its questions and answer keys (they cascade). A quiz that has
 * attempts cannot go: attempts reference their quiz with ON DELETE RESTRICT, so PostgreSQL
 * refuses the delete, also against an attempt started at the same moment, and the caller gets
 * QUIZ.HAS_ATTEMPTS. The track is locked first (as for every course write) and must be active.
 * The course is then completed by `learning.completeCourse` instead of a passing attempt.
 */
export async function deleteQuiz(
  em: EntityManager,
  actor: SessionUser,
  courseId: string,
): Promise<DeletedQuizDto> {
  try {
    return await em.transactional(async (tx) => {
      refuseArchived(await lockTrackOfCourse(tx, courseId));
      const deleted = await db(tx)
        .deleteFrom('quiz')
        .where('course_id', '=', courseId)
        .returning('id')
        .executeTakeFirst();
      if (!deleted) return fail('QUIZ.NOT_FOUND', 'This course has no quiz');
      await audit(tx, actor.id, 'quiz.deleted', {
        targetType: 'quiz',
        targetId: deleted.id,
        details: { courseId },
      });
      return { courseId, quizId: deleted.id };
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      return fail('QUIZ.HAS_ATTEMPTS', 'This quiz has attempts; archive the course instead');
    }
    throw error;
  }
}
