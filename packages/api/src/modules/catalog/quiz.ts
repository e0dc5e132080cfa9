import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SaveQuizInput } from '@credence/domain';
import { sql } from 'kysely';
import type { SessionUser } from '../../context.ts';
import { db, jsonRecords } from '../../db/sql.ts';
import { fail } from '../../errors.ts';
import { audit } from '../audit/service.ts';
import type { StaffQuizDto } from './dto.ts';
import { lockTrackOfCourse, refuseArchived } from './service.ts';

/**
 * The course's quiz with its answer keys, for the staff editor; null when the course has no
 * quiz yet. Learner-facing reads go through the quizzes area and never join quiz_answer_key.
 */
export async function getStaffQuiz(
  em: EntityManager,
  courseId: string,
): Promise<StaffQuizDto | null> {
  const query = db(em);
  const quiz = await query
    .selectFrom('quiz as q')
    .select([
      'q.id',
      'q.course_id as courseId',
      'q.passing_score as passingScore',
      'q.max_attempts as maxAttempts',
      'q.cooldown_minutes as cooldownMinutes',
      'q.time_limit_minutes as timeLimitMinutes',
      'q.pool_size as poolSize',
      'q.review_policy as reviewPolicy',
      'q.updated_at as updatedAt',
    ])
    .where('q.course_id', '=', courseId)
    // A plain string column, written only from the domain's quiz schema.
    .$narrowType<{ reviewPolicy: StaffQuizDto['reviewPolicy'] }>()
    .executeTakeFirst();
  if (!quiz) {
    const course = await query
      .selectFrom('course')
      .select('id')
      .where('id', '=', courseId)
      .executeTakeFirst();
    return course ? null : fail('COURSE.NOT_FOUND', 'No such course');
  }
  const questions = await query
    .selectFrom('quiz_question as qq')
    .leftJoin('quiz_answer_key as k', 'k.question_id', 'qq.id')
    .select((eb) => [
      'qq.id',
      'qq.position',
      'qq.type',
      'qq.prompt',
      'qq.options',
      eb.fn.coalesce('k.correct_option_ids', sql<string[]>`'{}'`).as('correctOptionIds'),
    ])
    .where('qq.quiz_id', '=', quiz.id)
    .orderBy('qq.position')
    .execute();
  return { ...quiz, updatedAt: new Date(quiz.updatedAt).toISOString(), questions };
}

/**
 * Replaces the course's quiz definition: upserts the quiz row, then swaps all questions and
 * their answer keys. Runs in the caller's transaction (the service's, or the demo seed's);
 * the lock on the course's track serialises two saves of one quiz (and any other write to the
 * track's courses). The quiz of a course of an archived track is history and stays as it is
 * (TRACK.ARCHIVED). Question ids are new on every save; the answer keys go only to
 * quiz_answer_key, the options keep just id and text.
 */
export async function writeQuiz(tx: EntityManager, input: SaveQuizInput): Promise<string> {
  refuseArchived(await lockTrackOfCourse(tx, input.courseId));
  const query = db(tx);
  const quiz = await query
    .insertInto('quiz')
    .values({
      id: randomUUID(),
      course_id: input.courseId,
      passing_score: input.passingScore,
      max_attempts: input.maxAttempts,
      cooldown_minutes: input.cooldownMinutes,
      time_limit_minutes: input.timeLimitMinutes,
      pool_size: input.poolSize,
      review_policy: input.reviewPolicy,
      created_at: sql<string>`now()`,
      updated_at: sql<string>`now()`,
    })
    .onConflict((oc) =>
      oc.column('course_id').doUpdateSet((eb) => ({
        passing_score: eb.ref('excluded.passing_score'),
        max_attempts: eb.ref('excluded.max_attempts'),
        cooldown_minutes: eb.ref('excluded.cooldown_minutes'),
        time_limit_minutes: eb.ref('excluded.time_limit_minutes'),
        pool_size: eb.ref('excluded.pool_size'),
        review_policy: eb.ref('excluded.review_policy'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning('id')
    .executeTakeFirst();
  const quizId = quiz?.id ?? fail('QUIZ.NOT_SAVED', 'The quiz could not be saved');
  // The answer keys go with their questions (on delete cascade).
  await query.deleteFrom('quiz_question').where('quiz_id', '=', quizId).execute();
  const questions = input.questions.map((q, index) => ({
    id: randomUUID(),
    position: index + 1,
    type: q.type,
    prompt: q.prompt,
    options: q.options.map((o) => ({ id: o.id, text: o.text })),
    correct: q.correctOptionIds,
  }));
  await query
    .with('v', () =>
      jsonRecords(
        questions.map(({ correct: _correct, ...question }) => question),
        { id: 'uuid', position: 'int', type: 'text', prompt: 'text', options: 'jsonb' },
      ),
    )
    .insertInto('quiz_question')
    .columns(['id', 'quiz_id', 'position', 'type', 'prompt', 'options'])
    .expression((eb) =>
      eb
        .selectFrom('v')
        .select((row) => [
          'v.id',
          row.val(quizId).as('quizId'),
          'v.position',
          'v.type',
          'v.prompt',
          'v.options',
        ]),
    )
    .execute();
  await query
    .with('v', () =>
      jsonRecords(
        questions.map(({ id, correct }) => ({ id, correct })),
        { id: 'uuid', correct: 'jsonb' },
      ),
    )
    .insertInto('quiz_answer_key')
    .columns(['question_id', 'correct_option_ids'])
    .expression((eb) =>
      eb
        .selectFrom('v')
        .select((row) => [
          'v.id',
          sql<string[]>`array(select jsonb_array_elements_text(${row.ref('v.correct')}))`.as(
            'correct',
          ),
        ]),
    )
    .execute();
  return quizId;
}

export async function saveQuiz(
  em: EntityManager,
  actor: SessionUser,
  input: SaveQuizInput,
): Promise<StaffQuizDto> {
  await em.transactional(async (tx) => {
    const quizId = await writeQuiz(tx, input);
    await audit(tx, actor.id, 'quiz.saved', {
      targetType: 'quiz',
      targetId: quizId,
      details: { courseId: input.courseId, questions: input.questions.length },
    });
  });
  return (await getStaffQuiz(em, input.courseId)) ?? fail('QUIZ.NOT_FOUND');
}
