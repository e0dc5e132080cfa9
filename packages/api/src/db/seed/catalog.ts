import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ZCourseCreateInput,
  ZSaveQuizInput,
  ZTrackCreateInput,
  type QuizQuestionInput,
  type TrackCreateInput,
} from '@credence/domain';
import { Course, Track } from '../../modules/catalog/entities.ts';
import { writeQuiz } from '../../modules/catalog/quiz.ts';

interface DemoCourse {
  name: string;
  description: string;
  path: string;
  estimatedMinutes: number;
  isRequired?: boolean;
}

interface DemoTrack {
  track: Omit<TrackCreateInput, 'description' | 'estimatedHours' | 'certificateValidityMonths'> & {
    description: string;
  };
  courses: DemoCourse[];
  /** The quiz of the track's last course. */
  quiz: { passingScore: number; maxAttempts: number | null; questions: QuizQuestionInput[] };
}

const LMS = 'https://learn.credence.example';
const ZDemoCourse = ZCourseCreateInput.omit({ trackId: true });

const single = (
  prompt: string,
  options: [string, string][],
  correct: string,
): QuizQuestionInput => ({
  type: 'SINGLE_CHOICE',
  prompt,
  options: options.map(([id, text]) => ({ id, text })),
  correctOptionIds: [correct],
});
const trueFalse = (prompt: string, answer: boolean): QuizQuestionInput => ({
  type: 'TRUE_FALSE',
  prompt,
  options: [
    { id: 'true', text: 'True' },
    { id: 'false', text: 'False' },
  ],
  correctOptionIds: [answer ? 'true' : 'false'],
});
const multi = (
  prompt: string,
  options: [string, string][],
  correct: string[],
): QuizQuestionInput => ({
  type: 'MULTI_SELECT',
  prompt,
  options: options.map(([id, text]) => ({ id, text })),
  correctOptionIds: correct,
});

export const DEMO_TRACKS: readonly DemoTrack[] = [
  {
    track: {
      slug: 'ethics-hotline-foundations',
      name: 'Ethics Hotline Foundations',
      description:
        'What every employee needs to know to raise a concern: the channels of the hotline, ' +
        'anonymity, and the protection against retaliation.',
      type: 'CLIENT_EMPLOYEE',
      level: 'FOUNDATION',
      requiredForGoLive: false,
      sortOrder: 10,
    },
    courses: [
      {
        name: 'Why speaking up matters',
        description: 'The purpose of the hotline and what happens after a report is made.',
        path: 'ethics-hotline-foundations/why-speak-up',
        estimatedMinutes: 15,
      },
      {
        name: 'Making a report by web, phone or app',
        description: 'A walk-through of each intake channel, including anonymous reports.',
        path: 'ethics-hotline-foundations/making-a-report',
        estimatedMinutes: 20,
      },
      {
        name: 'Following up with your access code',
        description: 'Answering investigator questions and checking the status of a report.',
        path: 'ethics-hotline-foundations/follow-up',
        estimatedMinutes: 10,
        isRequired: false,
      },
      {
        name: 'Non-retaliation and confidentiality',
        description: 'Your rights as a reporter and what the organisation commits to.',
        path: 'ethics-hotline-foundations/non-retaliation',
        estimatedMinutes: 20,
      },
    ],
    quiz: {
      passingScore: 80,
      maxAttempts: null,
      questions: [
        trueFalse('You must give your name to submit a report through the hotline.', false),
        single(
          'After an anonymous web report, how do you follow up on it?',
          [
            ['a', 'By emailing the compliance team with the report subject'],
            ['b', 'With the access code and password shown when the report was submitted'],
            ['c', 'You cannot follow up on an anonymous report'],
          ],
          'b',
        ),
        multi(
          'Which of these channels can you use to make a report?',
          [
            ['web', 'The web intake form'],
            ['phone', 'The toll-free phone line'],
            ['app', 'The mobile app'],
            ['social', 'A public post on social media'],
          ],
          ['web', 'phone', 'app'],
        ),
        trueFalse('Retaliating against someone who reported in good faith is prohibited.', true),
        single(
          'A colleague asks you who made a report. What do you do?',
          [
            ['a', 'Share what you know, since it helps the investigation'],
            ['b', 'Decline and remind them that reports are confidential'],
            ['c', 'Ask the reporter whether you may tell'],
          ],
          'b',
        ),
      ],
    },
  },
  {
    track: {
      slug: 'case-investigation-practitioner',
      name: 'Case Investigation Practitioner',
      description:
        'For investigators: triage, planning and conducting investigations in case ' +
        'management, from intake to a documented outcome.',
      type: 'CLIENT_INVESTIGATOR',
      level: 'PRACTITIONER',
      requiredForGoLive: true,
      sortOrder: 20,
    },
    courses: [
      {
        name: 'Case intake and triage',
        description: 'Categories, severity, conflicts of interest and assigning the right team.',
        path: 'case-investigation-practitioner/intake-and-triage',
        estimatedMinutes: 45,
      },
      {
        name: 'Planning an investigation',
        description: 'Scope, allegations, evidence plan and the investigation timeline.',
        path: 'case-investigation-practitioner/planning',
        estimatedMinutes: 60,
      },
      {
        name: 'Interviews and evidence handling',
        description: 'Interview technique, notes, chain of custody and secure attachments.',
        path: 'case-investigation-practitioner/interviews-and-evidence',
        estimatedMinutes: 75,
      },
      {
        name: 'Findings, remediation and case closure',
        description: 'Substantiation, corrective actions, reporter feedback and closing codes.',
        path: 'case-investigation-practitioner/findings-and-closure',
        estimatedMinutes: 50,
      },
    ],
    quiz: {
      passingScore: 80,
      maxAttempts: 3,
      questions: [
        single(
          'An allegation names your own manager. What is the first step?',
          [
            ['a', 'Investigate it quickly and discreetly yourself'],
            ['b', 'Declare the conflict of interest and have the case reassigned'],
            ['c', 'Close the case as out of scope'],
          ],
          'b',
        ),
        multi(
          'Which belong in an investigation plan?',
          [
            ['scope', 'The allegations and the scope of the investigation'],
            ['witnesses', 'The witnesses to interview and their order'],
            ['evidence', 'The documents and records to secure'],
            ['verdict', 'The expected finding'],
          ],
          ['scope', 'witnesses', 'evidence'],
        ),
        trueFalse(
          'Interview notes should be attached to the case record rather than kept on a personal drive.',
          true,
        ),
        single(
          'What does "substantiated" mean as a case finding?',
          [
            ['a', 'The evidence supports that the alleged conduct occurred'],
            ['b', 'The reporter provided their identity'],
            ['c', 'The subject admitted the conduct'],
          ],
          'a',
        ),
        trueFalse('An anonymous reporter cannot receive any feedback on the outcome.', false),
        multi(
          'Which actions keep the chain of custody of evidence intact?',
          [
            ['log', 'Recording who collected each item and when'],
            ['hash', 'Uploading originals to the case so they are checksummed'],
            ['edit', 'Cropping screenshots to the relevant part before uploading'],
          ],
          ['log', 'hash'],
        ),
      ],
    },
  },
  {
    track: {
      slug: 'platform-administration',
      name: 'Platform Administration',
      description:
        'For client administrators: configuring the platform, managing users and roles, ' +
        'and running reports before and after go-live.',
      type: 'CLIENT_ADMIN',
      level: 'PRACTITIONER',
      requiredForGoLive: true,
      sortOrder: 30,
    },
    courses: [
      {
        name: 'Users, roles and single sign-on',
        description: 'Provisioning users, role design, SSO and access reviews.',
        path: 'platform-administration/users-and-roles',
        estimatedMinutes: 40,
      },
      {
        name: 'Configuring intake and case workflows',
        description: 'Categories, forms, routing rules and notification templates.',
        path: 'platform-administration/workflows',
        estimatedMinutes: 60,
      },
      {
        name: 'Reporting and dashboards',
        description: 'Standard reports, custom dashboards and scheduled exports.',
        path: 'platform-administration/reporting',
        estimatedMinutes: 35,
      },
    ],
    quiz: {
      passingScore: 80,
      maxAttempts: null,
      questions: [
        single(
          'Which access model keeps investigators from seeing cases outside their region?',
          [
            ['a', 'One shared administrator account'],
            ['b', 'Roles combined with case visibility rules by region'],
            ['c', 'Hiding the cases menu'],
          ],
          'b',
        ),
        trueFalse(
          'With single sign-on enabled, leavers lose access when the identity provider disables them.',
          true,
        ),
        multi(
          'Which should be configured before go-live?',
          [
            ['categories', 'Case categories and severity levels'],
            ['routing', 'Routing rules to the right investigation team'],
            ['notify', 'Notification templates'],
            ['archive', 'Archiving of closed cases from last year'],
          ],
          ['categories', 'routing', 'notify'],
        ),
        trueFalse(
          'Scheduled exports may be sent to any external email address without review.',
          false,
        ),
      ],
    },
  },
  {
    track: {
      slug: 'implementation-methodology',
      name: 'Implementation Methodology',
      description:
        "For the vendor's implementation managers: running a client implementation from " +
        'kick-off to go-live and hand-over to customer success.',
      type: 'INTERNAL',
      level: 'EXPERT',
      requiredForGoLive: false,
      sortOrder: 40,
    },
    courses: [
      {
        name: 'Kick-off and discovery',
        description: 'Stakeholders, success criteria, and the discovery workshop.',
        path: 'implementation-methodology/kick-off',
        estimatedMinutes: 60,
      },
      {
        name: 'Configuration sprints and data migration',
        description: 'Iterative configuration, migration of legacy cases and sign-off.',
        path: 'implementation-methodology/configuration-and-migration',
        estimatedMinutes: 90,
      },
      {
        name: 'Training plans and go-live readiness',
        description: 'Assigning training per role, tracking certification and the go/no-go call.',
        path: 'implementation-methodology/go-live-readiness',
        estimatedMinutes: 60,
      },
      {
        name: 'Hypercare and hand-over',
        description: 'The first weeks after go-live and the hand-over to customer success.',
        path: 'implementation-methodology/hypercare',
        estimatedMinutes: 45,
      },
    ],
    quiz: {
      passingScore: 80,
      maxAttempts: 2,
      questions: [
        multi(
          'Which are inputs to the go/no-go decision?',
          [
            ['training', 'Required certifications completed for go-live tracks'],
            ['uat', 'User acceptance testing signed off'],
            ['migration', 'Legacy case migration reconciled'],
            ['logo', 'The client logo uploaded to the portal'],
          ],
          ['training', 'uat', 'migration'],
        ),
        single(
          "When should training be assigned to the client's investigators?",
          [
            ['a', 'After go-live, once real cases arrive'],
            ['b', 'Early enough that certifications are valid on the go-live date'],
            ['c', 'Only if the client asks for it'],
          ],
          'b',
        ),
        trueFalse('A track that is required for go-live can block the go-live decision.', true),
        single(
          'Who owns the account after hypercare ends?',
          [
            ['a', 'Customer success'],
            ['b', 'The implementation manager, indefinitely'],
            ['c', "The client's IT department"],
          ],
          'a',
        ),
        trueFalse(
          'Data migration may be skipped when the client has fewer than 100 legacy cases.',
          false,
        ),
      ],
    },
  },
];

/**
 * The demo catalog: four active tracks with their courses and a quiz on each track's last
 * course. Runs inside the demo seed's transaction; the inputs go through the same schemas as
 * the API's, and quizzes through the same writer as `catalog.saveQuiz`.
 */
export async function seedCatalog(tx: EntityManager): Promise<void> {
  const lastCourses: { course: Course; quiz: DemoTrack['quiz'] }[] = [];
  for (const demo of DEMO_TRACKS) {
    const track = tx.create(Track, ZTrackCreateInput.parse(demo.track));
    demo.courses.forEach((c, index) => {
      const fields = ZDemoCourse.parse({
        name: c.name,
        description: c.description,
        contentUrl: `${LMS}/${c.path}`,
        estimatedMinutes: c.estimatedMinutes,
        isRequired: c.isRequired ?? true,
      });
      const course = tx.create(Course, { ...fields, track, sortOrder: index + 1 });
      if (index === demo.courses.length - 1) lastCourses.push({ course, quiz: demo.quiz });
    });
  }
  await tx.flush();
  for (const { course, quiz } of lastCourses) {
    await writeQuiz(tx, ZSaveQuizInput.parse({ courseId: course.id, ...quiz }));
  }
}
