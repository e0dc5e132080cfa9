import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useState, type FormEvent } from 'react';
import {
  DEFAULT_PASSING_SCORE,
  QUESTION_TYPES,
  REVIEW_POLICIES,
  ZSaveQuizInput,
  type QuestionType,
} from '@credence/domain';
import type { Outputs } from '../../roles.ts';
import { useTRPC } from '../../trpc.ts';
import {
  Button,
  clearErrorOnEdit,
  EnumField,
  ErrorMessage,
  Field,
  FormError,
  Loading,
  Notice,
  NumberField,
  numberOrNull,
  PageHeader,
  useFormErrors,
  validate,
  type FieldErrors,
} from '../../ui.tsx';

type StaffQuiz = NonNullable<Outputs['catalog']['getQuiz']>;
type ReviewPolicy = (typeof REVIEW_POLICIES)[number];
type NumberSetting =
  'passingScore' | 'maxAttempts' | 'cooldownMinutes' | 'timeLimitMinutes' | 'poolSize';

interface DraftOption {
  id: string;
  text: string;
}
interface DraftQuestion {
  /** A stable React key; question ids are new on every save. */
  key: string;
  type: QuestionType;
  prompt: string;
  options: DraftOption[];
  correct: string[];
}
interface Draft {
  passingScore: string;
  maxAttempts: string;
  cooldownMinutes: string;
  timeLimitMinutes: string;
  poolSize: string;
  reviewPolicy: ReviewPolicy;
  questions: DraftQuestion[];
}

let keySeq = 0;
const newKey = () => `q${++keySeq}`;
const TRUE_FALSE_OPTIONS: DraftOption[] = [
  { id: 'true', text: 'True' },
  { id: 'false', text: 'False' },
];

function nextOptionId(options: DraftOption[]): string {
  const used = new Set(options.map((o) => o.id));
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') if (!used.has(letter)) return letter;
  return `o${options.length + 1}`;
}

const blankQuestion = (): DraftQuestion => ({
  key: newKey(),
  type: 'SINGLE_CHOICE',
  prompt: '',
  options: [
    { id: 'a', text: '' },
    { id: 'b', text: '' },
  ],
  correct: [],
});

const text = (n: number | null) => (n === null ? '' : String(n));

function toDraft(quiz: StaffQuiz | null): Draft {
  return {
    passingScore: String(quiz?.passingScore ?? DEFAULT_PASSING_SCORE),
    maxAttempts: text(quiz?.maxAttempts ?? null),
    cooldownMinutes: text(quiz?.cooldownMinutes ?? null),
    timeLimitMinutes: text(quiz?.timeLimitMinutes ?? null),
    poolSize: text(quiz?.poolSize ?? null),
    reviewPolicy: quiz?.reviewPolicy ?? 'NEVER_AFTER_FINAL_FAIL',
    questions: quiz
      ? quiz.questions.map((q) => ({
          key: newKey(),
          type: q.type,
          prompt: q.prompt,
          options: q.options.map((o) => ({ ...o })),
          correct: [...q.correctOptionIds],
        }))
      : [blankQuestion()],
  };
}

export function QuizEditorPage(props: { trackId: string; courseId: string; editor: boolean }) {
  const trpc = useTRPC();
  const track = useQuery(trpc.catalog.getTrack.queryOptions({ id: props.trackId }));
  const quiz = useQuery(
    trpc.catalog.getQuiz.queryOptions({ courseId: props.courseId }, { staleTime: 0 }),
  );
  const course = track.data?.courses.find((c) => c.id === props.courseId);
  const back = { to: `/catalog/${props.trackId}`, label: track.data?.name ?? 'Track' };
  const title = course ? `Exam: ${course.name}` : 'Exam';
  if (quiz.isPending || track.isPending) return <Loading label="Loading exam…" />;
  if (quiz.isError || track.isError) {
    const error = quiz.error ?? track.error;
    return (
      <>
        <PageHeader title={title} back={back} />
        <ErrorMessage
          error={error}
          onRetry={() => {
            void quiz.refetch();
            void track.refetch();
          }}
        />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={title}
        back={back}
        subtitle={
          quiz.data
            ? `${quiz.data.questions.length} question${quiz.data.questions.length === 1 ? '' : 's'} · pass at ${quiz.data.passingScore}%`
            : 'This course has no exam yet. Learners complete it by marking it complete.'
        }
      />
      <QuizForm
        courseId={props.courseId}
        quiz={quiz.data}
        editor={props.editor && track.data.isActive}
      />
    </>
  );
}

function QuizForm(props: { courseId: string; quiz: StaffQuiz | null; editor: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.quiz));
  const { errors, setErrors, formError, setFormError, onError } = useFormErrors();
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const save = useMutation(
    trpc.catalog.saveQuiz.mutationOptions({
      onSuccess: async (saved) => {
        queryClient.setQueryData(
          trpc.catalog.getQuiz.queryKey({ courseId: props.courseId }),
          saved,
        );
        setDraft(toDraft(saved));
        setNotice('Exam saved.');
        await queryClient.invalidateQueries(trpc.catalog.getTrack.pathFilter());
        await queryClient.invalidateQueries(trpc.catalog.listTracks.pathFilter());
      },
      onError,
    }),
  );

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  /** A number setting's field: its name, message and text, at least 1. */
  const setting = (name: NumberSetting) => ({
    name,
    error: errors[name],
    min: 1,
    value: draft[name],
    onChange: (value: string) => set(name, value),
  });
  const setQuestion = (index: number, change: (q: DraftQuestion) => DraftQuestion) =>
    setDraft((d) => ({
      ...d,
      questions: d.questions.map((q, i) => (i === index ? change(q) : q)),
    }));
  const moveQuestion = (index: number, delta: -1 | 1) =>
    setDraft((d) => {
      const questions = [...d.questions];
      const a = questions[index];
      const b = questions[index + delta];
      if (!a || !b) return d;
      questions[index] = b;
      questions[index + delta] = a;
      return { ...d, questions };
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const input = {
      courseId: props.courseId,
      passingScore: numberOrNull(draft.passingScore) ?? Number.NaN,
      maxAttempts: numberOrNull(draft.maxAttempts),
      cooldownMinutes: numberOrNull(draft.cooldownMinutes),
      timeLimitMinutes: numberOrNull(draft.timeLimitMinutes),
      poolSize: numberOrNull(draft.poolSize),
      reviewPolicy: draft.reviewPolicy,
      questions: draft.questions.map((q) => ({
        type: q.type,
        prompt: q.prompt,
        options: q.options,
        correctOptionIds: q.correct,
      })),
    };
    const parsed = validate(ZSaveQuizInput, input);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setFormError('Not saved yet: fix the fields marked in red.');
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };

  return (
    <form
      onSubmit={submit}
      onChange={clearErrorOnEdit(setErrors)}
      noValidate
      aria-label="Exam"
      className="quiz-form"
    >
      <Notice message={notice} onClose={clearNotice} />
      {!props.editor && (
        <p className="alert alert-info">You can read this exam; only catalog editors change it.</p>
      )}
      <fieldset disabled={!props.editor} className="bare">
        <section className="card" aria-labelledby="quiz-settings">
          <h2 id="quiz-settings">Settings</h2>
          <div className="form-grid three">
            <NumberField label="Passing score (%)" max={100} {...setting('passingScore')} />
            <NumberField
              label="Maximum attempts"
              hint="Empty: unlimited."
              {...setting('maxAttempts')}
            />
            <NumberField
              label="Cooldown between attempts (minutes)"
              hint="Empty: none."
              {...setting('cooldownMinutes')}
            />
            <NumberField
              label="Time limit (minutes)"
              hint="Empty: untimed."
              {...setting('timeLimitMinutes')}
            />
            <NumberField
              label="Questions per attempt"
              {...setting('poolSize')}
              hint={`Empty: the whole quiz (${draft.questions.length} question${draft.questions.length === 1 ? '' : 's'}). Unseen questions are drawn first.`}
            />
            <EnumField
              label="Show correct answers after an attempt"
              name="reviewPolicy"
              error={errors.reviewPolicy}
              values={REVIEW_POLICIES}
              value={draft.reviewPolicy}
              onChange={(value) => set('reviewPolicy', value)}
            />
          </div>
        </section>

        <div className="section-header">
          <h2>Questions ({draft.questions.length})</h2>
        </div>
        {errors.questions && (
          <p className="alert alert-error" role="alert">
            {errors.questions}
          </p>
        )}
        <ol className="question-list">
          {draft.questions.map((q, index) => (
            <QuestionEditor
              key={q.key}
              index={index}
              count={draft.questions.length}
              question={q}
              errors={errors}
              onChange={(change) => setQuestion(index, change)}
              onMove={(delta) => moveQuestion(index, delta)}
              onClearError={(key) => setErrors((e) => ({ ...e, [key]: undefined }))}
              onRemove={() =>
                setDraft((d) => ({ ...d, questions: d.questions.filter((_, i) => i !== index) }))
              }
            />
          ))}
        </ol>
        {props.editor && (
          <Button
            variant="secondary"
            onClick={() =>
              setDraft((d) => ({ ...d, questions: [...d.questions, blankQuestion()] }))
            }
          >
            Add question
          </Button>
        )}
      </fieldset>
      {!props.editor && formError && <FormError message={formError} />}
      {props.editor && (
        <div className="form-actions sticky-actions">
          {formError && (
            <p className="sticky-error" role="alert">
              {formError}
            </p>
          )}
          <Button
            variant="secondary"
            onClick={() => {
              setDraft(toDraft(props.quiz));
              setErrors({});
              setFormError(null);
            }}
          >
            Discard changes
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save exam'}
          </Button>
        </div>
      )}
    </form>
  );
}

function QuestionEditor(props: {
  index: number;
  count: number;
  question: DraftQuestion;
  errors: FieldErrors;
  onChange: (change: (q: DraftQuestion) => DraftQuestion) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  onClearError: (key: string) => void;
}) {
  const { question: q, index } = props;
  const number = index + 1;
  const prefix = `questions.${index}`;
  const err = (key: string) => props.errors[`${prefix}.${key}`];
  const groupName = useId();
  const single = q.type !== 'MULTI_SELECT';

  const changeType = (type: QuestionType) =>
    props.onChange((old) => {
      if (type === 'TRUE_FALSE') {
        const keep = old.correct.filter((id) => id === 'true' || id === 'false').slice(0, 1);
        return { ...old, type, options: TRUE_FALSE_OPTIONS.map((o) => ({ ...o })), correct: keep };
      }
      return {
        ...old,
        type,
        correct: type === 'MULTI_SELECT' ? old.correct : old.correct.slice(0, 1),
      };
    });
  const toggleCorrect = (id: string, on: boolean) => {
    props.onClearError(`${prefix}.correctOptionIds`);
    props.onChange((old) => ({
      ...old,
      correct: single
        ? [id]
        : on
          ? [...old.correct.filter((c) => c !== id), id]
          : old.correct.filter((c) => c !== id),
    }));
  };
  const optionErrors = q.options
    .map((_, i) => err(`options.${i}.text`) ?? err(`options.${i}.id`))
    .find(Boolean);

  return (
    <li className="card question">
      <div className="question-head">
        <h3>Question {number}</h3>
        <div className="course-actions">
          <Button
            variant="ghost"
            size="small"
            aria-label={`Move question ${number} up`}
            disabled={index === 0}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </Button>
          <Button
            variant="ghost"
            size="small"
            aria-label={`Move question ${number} down`}
            disabled={index === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </Button>
          <Button
            variant="ghost"
            size="small"
            className="text-danger"
            aria-label={`Remove question ${number}`}
            onClick={props.onRemove}
          >
            Remove
          </Button>
        </div>
      </div>
      <div className="form-grid question-grid">
        <Field
          label={`Question ${number} text`}
          name={`${prefix}.prompt`}
          error={err('prompt')}
          className="span-2"
        >
          {(c) => (
            <textarea
              {...c}
              rows={2}
              value={q.prompt}
              onChange={(e) => props.onChange((old) => ({ ...old, prompt: e.target.value }))}
            />
          )}
        </Field>
        <EnumField
          label={`Question ${number} type`}
          error={err('type')}
          values={QUESTION_TYPES}
          value={q.type}
          onChange={changeType}
        />
      </div>
      <fieldset className="options">
        <legend>
          Options{' '}
          <span className="hint">
            {single ? 'Select the one correct answer.' : 'Tick every correct answer.'}
          </span>
        </legend>
        <ul className="plain option-list">
          {q.options.map((option, i) => (
            <li key={option.id} className="option-row">
              <label className="option-correct" title="Correct answer">
                <input
                  type={single ? 'radio' : 'checkbox'}
                  name={groupName}
                  checked={q.correct.includes(option.id)}
                  onChange={(e) => toggleCorrect(option.id, e.target.checked)}
                  aria-label={`Option ${i + 1} of question ${number} is correct`}
                />
                <span aria-hidden="true">Correct</span>
              </label>
              <input
                className="option-text"
                name={`${prefix}.options.${i}.text`}
                value={option.text}
                aria-label={`Option ${i + 1} of question ${number}`}
                aria-invalid={err(`options.${i}.text`) ? true : undefined}
                readOnly={q.type === 'TRUE_FALSE'}
                onChange={(e) =>
                  props.onChange((old) => ({
                    ...old,
                    options: old.options.map((o) =>
                      o.id === option.id ? { ...o, text: e.target.value } : o,
                    ),
                  }))
                }
              />
              {q.type !== 'TRUE_FALSE' && (
                <Button
                  variant="ghost"
                  size="small"
                  aria-label={`Remove option ${i + 1} of question ${number}`}
                  disabled={q.options.length <= 2}
                  onClick={() =>
                    props.onChange((old) => ({
                      ...old,
                      options: old.options.filter((o) => o.id !== option.id),
                      correct: old.correct.filter((c) => c !== option.id),
                    }))
                  }
                >
                  ✕
                </Button>
              )}
            </li>
          ))}
        </ul>
        {q.type !== 'TRUE_FALSE' && q.options.length < 10 && (
          <Button
            variant="ghost"
            size="small"
            onClick={() =>
              props.onChange((old) => ({
                ...old,
                options: [...old.options, { id: nextOptionId(old.options), text: '' }],
              }))
            }
          >
            + Add option
          </Button>
        )}
        {[optionErrors && 'Every option needs a text.', err('options'), err('correctOptionIds')]
          .filter(Boolean)
          .map((message) => (
            <p key={message} className="field-error">
              {message}
            </p>
          ))}
      </fieldset>
    </li>
  );
}
