import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SaveQuizInput } from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { fail } from '../../errors.ts';
import { audit } from '../audit/service.ts';
import type { StaffQuizDto } from './dto.ts';
import { lockTrackOfCourse, refuseArchived } from './service.ts';

type QuizRow = Omit<StaffQuizDto, 'questions' | 'updatedAt'> & { updatedAt: Date | string };

/**
 * The course's quiz with its answer keys, for the staff editor; null when the course has no
 * quiz yet. Learner-facing reads go through the quizzes area and never join quiz_answer_key.
 */
export async function getStaffQuiz(
  em: EntityManager,
  courseId: string,
): Promise<StaffQuizDto | null> {
  const [quiz] = await em.execute<QuizRow[]>(
    `select q.id, q.course_id as "courseId", q.passing_score as "passingScore",
            q.max_attempts as "maxAttempts", q.cooldown_minutes as "cooldownMinutes",
            q.time_limit_minutes as "timeLimitMinutes", q.pool_size as "poolSize",
            q.review_policy as "reviewPolicy", q.updated_at as "updatedAt"
       from quiz q
      where q.course_id = ?`,
    [courseId],
  );
  if (!quiz) {
    const course = await em.execute('select 1 from course where id = ?', [courseId]);
    return course.length > 0 ? null : fail('COURSE.NOT_FOUND');
  }
  const questions = await em.execute<StaffQuizDto['questions']>(
    `select qq.id, qq.position, qq.type, qq.prompt, qq.options,
            coalesce(k.correct_option_ids, '{}') as "correctOptionIds"
       from quiz_question qq left join quiz_answer_key k on k.question_id = qq.id
      where qq.quiz_id = ?
      order by qq.position`,
    [quiz.id],
  );
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
  const [quiz] = await tx.execute<{ id: string }[]>(
    `insert into quiz (id, course_id, passing_score, max_attempts, cooldown_minutes,
                       time_limit_minutes, pool_size, review_policy, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, now(), now())
     on conflict (course_id) do update set
       passing_score = excluded.passing_score, max_attempts = excluded.max_attempts,
       cooldown_minutes = excluded.cooldown_minutes,
       time_limit_minutes = excluded.time_limit_minutes, pool_size = excluded.pool_size,
       review_policy = excluded.review_policy, updated_at = excluded.updated_at
     returning id`,
    [
      randomUUID(),
      input.courseId,
      input.passingScore,
      input.maxAttempts,
      input.cooldownMinutes,
      input.timeLimitMinutes,
      input.poolSize,
      input.reviewPolicy,
    ],
  );
  const quizId = quiz?.id ?? fail('QUIZ.NOT_SAVED');
  // The answer keys go with their questions (on delete cascade).
  await tx.execute('delete from quiz_question where quiz_id = ?', [quizId]);
  const questions = input.questions.map((q, index) => ({
    id: randomUUID(),
    position: index + 1,
    type: q.type,
    prompt: q.prompt,
    options: q.options.map((o) => ({ id: o.id, text: o.text })),
    correct: q.correctOptionIds,
  }));
  await tx.execute(
    `insert into quiz_question (id, quiz_id, position, type, prompt, options)
     select v.id, ?, v.position, v.type, v.prompt, v.options
       from jsonb_to_recordset(?::jsonb) as v(id uuid, position int, type text, prompt text, options jsonb)`,
    [quizId, JSON.stringify(questions.map(({ correct: _correct, ...question }) => question))],
  );
  await tx.execute(
    `insert into quiz_answer_key (question_id, correct_option_ids)
     select v.id, array(select jsonb_array_elements_text(v.correct))
       from jsonb_to_recordset(?::jsonb) as v(id uuid, correct jsonb)`,
    [JSON.stringify(questions.map(({ id, correct }) => ({ id, correct })))],
  );
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
