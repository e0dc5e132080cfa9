import type { EntityManager } from '@mikro-orm/postgresql';
import type { SessionUser } from '../../context.ts';
import { enroll } from '../../modules/learning/enroll.ts';
import { startAttempt, submitAttempt } from '../../modules/quizzes/service.ts';
import { User } from '../../modules/users/entities.ts';
import { Course, Quiz, Track } from '../../modules/catalog/entities.ts';
import { DEMO_TRACKS } from './catalog.ts';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Demo quiz attempts, taken through the same services as `quizzes.start` and `quizzes.submit`
 * at past times: a Contoso employee failed the hotline quiz once and passed the next day; a
 * Contoso investigator used all three attempts at the investigation quiz and failed, so the
 * course is FAILED until an administrator resets the attempts. Needs the demo users and
 * catalog; runs inside the demo seed's transaction.
 */
export async function seedQuizAttempts(tx: EntityManager, now: Date = new Date()): Promise<void> {
  await take(tx, 'employee@contoso.test', 'ethics-hotline-foundations', [
    { daysAgo: 9, pass: false },
    { daysAgo: 8, pass: true },
  ]);
  await take(tx, 'investigator@contoso.test', 'case-investigation-practitioner', [
    { daysAgo: 6, pass: false },
    { daysAgo: 5, pass: false },
    { daysAgo: 4, pass: false },
  ]);

  async function take(
    em: EntityManager,
    email: string,
    slug: string,
    attempts: { daysAgo: number; pass: boolean }[],
  ): Promise<void> {
    const user = await em.findOneOrFail(User, { email });
    const learner: SessionUser = {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      organizationId: user.organization?.id ?? null,
    };
    const track = await em.findOneOrFail(Track, { slug });
    const quiz = await em.findOneOrFail(Quiz, { course: { track } }, { populate: ['course'] });
    const course: Course = quiz.course;
    const keys = new Map(
      (DEMO_TRACKS.find((t) => t.track.slug === slug)?.quiz.questions ?? []).map((q) => [
        q.prompt,
        q,
      ]),
    );
    const first = new Date(now.getTime() - (attempts[0]?.daysAgo ?? 0) * DAY - DAY);
    await enroll(em, learner, { trackId: track.id }, first);
    for (const { daysAgo, pass } of attempts) {
      const at = new Date(now.getTime() - daysAgo * DAY);
      const attempt = await startAttempt(em, learner, course.id, at);
      // A failed attempt still gets the first two questions right.
      const answers = attempt.questions.map((q, index) => {
        const key = keys.get(q.prompt);
        const right = key?.correctOptionIds ?? [];
        const wrong = q.options.map((o) => o.id).filter((id) => !right.includes(id));
        return {
          questionId: q.id,
          selectedOptionIds: pass || index < 2 ? [...right] : wrong.slice(0, 1),
        };
      });
      await submitAttempt(
        em,
        learner,
        { attemptId: attempt.attemptId, answers },
        new Date(at.getTime() + 12 * 60 * 1000),
      );
    }
  }
}
