import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { canEnrolInTrack } from '@credence/domain';
import type { AreaProps } from '../App.tsx';
import { label, type Outputs } from '../roles.ts';
import { Link, matchPath, navigate } from '../router.tsx';
import { useTRPC } from '../trpc.ts';
import {
  Badge,
  Button,
  Empty,
  ErrorMessage,
  formatDate,
  Loading,
  Notice,
  PageHeader,
  ProgressBar,
  StatusBadge,
} from '../ui.tsx';

type Enrollment = Outputs['learning']['progress'];
type EnrolledCourse = Enrollment['courses'][number];
type CatalogTrack = Outputs['catalog']['listTracks'][number];

/** The learner's own training (product.md §2). Loaded eagerly: it is the learners' start page. */
export function MyTrainingArea({ me, path }: AreaProps) {
  if (path === '/training') return <MyTraining me={me} />;
  const match = matchPath('/training/:enrollmentId', path);
  if (match?.enrollmentId) return <EnrollmentPage enrollmentId={match.enrollmentId} />;
  return (
    <Empty title="This page does not exist.">
      <Link to="/training">Back to my training</Link>
    </Empty>
  );
}

function MyTraining({ me }: { me: AreaProps['me'] }) {
  const trpc = useTRPC();
  const mine = useQuery(trpc.learning.myTracks.queryOptions());
  const catalog = useQuery(trpc.catalog.listTracks.queryOptions({}));
  const firstName = me.name.split(' ')[0] ?? me.name;
  return (
    <>
      <PageHeader
        title="My training"
        subtitle={`Welcome, ${firstName}. Here is where you stand.`}
      />
      <section aria-labelledby="enrolled-heading">
        <h2 id="enrolled-heading" className="section-title">
          Enrolled tracks
        </h2>
        {mine.isPending ? (
          <Loading label="Loading your tracks…" />
        ) : mine.isError ? (
          <ErrorMessage error={mine.error} onRetry={() => void mine.refetch()} />
        ) : mine.data.length === 0 ? (
          <Empty title="You are not enrolled in any track yet.">
            Choose one from the tracks available to you below.
          </Empty>
        ) : (
          <ul className="grid-cards plain">
            {mine.data.map((e) => (
              <EnrollmentCard key={e.id} enrollment={e} />
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="available-heading">
        <h2 id="available-heading" className="section-title">
          Available to you
        </h2>
        {catalog.isPending ? (
          <Loading label="Loading the catalog…" />
        ) : catalog.isError ? (
          <ErrorMessage error={catalog.error} onRetry={() => void catalog.refetch()} />
        ) : (
          <AvailableTracks
            tracks={catalog.data.filter(
              (t) =>
                canEnrolInTrack(me.role, t.type) && !mine.data?.some((e) => e.track.id === t.id),
            )}
            anyEnrolled={(mine.data?.length ?? 0) > 0}
          />
        )}
      </section>
    </>
  );
}

function EnrollmentCard({ enrollment: e }: { enrollment: Enrollment }) {
  const next = e.courses.find((c) => c.status !== 'COMPLETED');
  const verb =
    e.status === 'COMPLETED' ? 'Review' : e.status === 'NOT_STARTED' ? 'Start' : 'Continue';
  return (
    <li className="card track-card">
      <div className="row-between">
        <h3>
          <Link to={`/training/${e.id}`}>{e.track.name}</Link>
        </h3>
        <StatusBadge status={e.status} />
      </div>
      <p className="meta">
        {label(e.track.level)} · v{e.track.version} · {e.requiredCompleted} of {e.requiredTotal}{' '}
        required courses done
      </p>
      <ProgressBar value={e.progressPercent} label={`${e.track.name}: progress`} />
      <div className="track-card-foot">
        <p className="meta">
          {e.status === 'COMPLETED'
            ? `Completed ${formatDate(e.completedAt)}`
            : next
              ? `Next: ${next.name}`
              : `Enrolled ${formatDate(e.enrolledAt)}`}
        </p>
        <Link
          to={`/training/${e.id}`}
          className="button-link small"
          aria-label={`${verb} ${e.track.name}`}
        >
          {verb}
        </Link>
      </div>
    </li>
  );
}

function AvailableTracks({
  tracks,
  anyEnrolled,
}: {
  tracks: CatalogTrack[];
  anyEnrolled: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enroll = useMutation(
    trpc.learning.enroll.mutationOptions({
      onSuccess: async ({ enrollment }) => {
        queryClient.setQueryData(
          trpc.learning.progress.queryKey({ enrollmentId: enrollment.id }),
          enrollment,
        );
        await queryClient.invalidateQueries(trpc.learning.myTracks.pathFilter());
        navigate(`/training/${enrollment.id}`);
      },
    }),
  );
  if (tracks.length === 0) {
    return (
      <Empty
        title={
          anyEnrolled
            ? 'You are enrolled in every track open to you.'
            : 'No tracks are open to you yet.'
        }
      >
        {anyEnrolled ? null : 'Your administrator will let you know when training is published.'}
      </Empty>
    );
  }
  return (
    <>
      {enroll.isError && <ErrorMessage error={enroll.error} />}
      <ul className="grid-cards plain">
        {tracks.map((t) => {
          const courses = t.courses.length;
          return (
            <li key={t.id} className="card track-card">
              <div className="row-between">
                <h3>{t.name}</h3>
                {t.requiredForGoLive && <Badge tone="warning">Required for go-live</Badge>}
              </div>
              <p className="meta">
                {label(t.level)} · {courses} course{courses === 1 ? '' : 's'} · about{' '}
                {t.estimatedHours} h
              </p>
              {t.description && <p className="small">{t.description}</p>}
              <div className="track-card-foot">
                <span className="muted small">v{t.version}</span>
                <Button
                  onClick={() => enroll.mutate({ trackId: t.id })}
                  disabled={enroll.isPending}
                  aria-label={`Enrol in ${t.name}`}
                >
                  {enroll.isPending && enroll.variables.trackId === t.id ? 'Enrolling…' : 'Enrol'}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function EnrollmentPage({ enrollmentId }: { enrollmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const progress = useQuery(trpc.learning.progress.queryOptions({ enrollmentId }));
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const key = trpc.learning.progress.queryKey({ enrollmentId });
  const onSuccess = async (updated: Enrollment) => {
    queryClient.setQueryData(key, updated);
    await queryClient.invalidateQueries(trpc.learning.myTracks.pathFilter());
  };
  const start = useMutation(trpc.learning.startCourse.mutationOptions({ onSuccess }));
  const complete = useMutation(
    trpc.learning.completeCourse.mutationOptions({
      onSuccess: async (updated, { courseId }) => {
        await onSuccess(updated);
        const course = updated.courses.find((c) => c.id === courseId);
        setNotice(
          updated.status === 'COMPLETED'
            ? `Track complete: ${updated.track.name}.`
            : `${course?.name ?? 'Course'} completed.`,
        );
      },
    }),
  );
  const back = { to: '/training', label: 'My training' };
  if (progress.isPending) return <Loading label="Loading your progress…" />;
  if (progress.isError) {
    return (
      <>
        <PageHeader title="Track" back={back} />
        <ErrorMessage error={progress.error} onRetry={() => void progress.refetch()} />
      </>
    );
  }
  const e = progress.data;
  const busy = start.isPending || complete.isPending;
  const error = start.error ?? complete.error;
  return (
    <>
      <PageHeader
        title={e.track.name}
        back={back}
        subtitle={
          <>
            {label(e.track.level)} · v{e.track.version} · enrolled {formatDate(e.enrolledAt)}
          </>
        }
        actions={<StatusBadge status={e.status} />}
      />
      <Notice message={notice} onClose={clearNotice} />
      {e.status === 'COMPLETED' ? (
        <div className="complete-banner" role="status">
          <span className="step done" aria-hidden="true">
            ✓
          </span>
          <div>
            <strong>Track complete.</strong> You completed every required course
            {e.completedAt ? ` on ${formatDate(e.completedAt)}` : ''}.
          </div>
        </div>
      ) : (
        <div className="card progress-card">
          <p className="small">
            {e.requiredCompleted} of {e.requiredTotal} required courses completed
          </p>
          <ProgressBar value={e.progressPercent} label="Track progress" />
        </div>
      )}
      {!e.track.isActive && (
        <p className="alert alert-info">
          This track has been archived. Your progress and completion are kept.
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      <h2 className="section-title">Courses</h2>
      {e.courses.length === 0 ? (
        <Empty title="This track has no courses yet." />
      ) : (
        <ol className="learn-list">
          {e.courses.map((course, index) => (
            <CourseRow
              key={course.id}
              course={course}
              index={index}
              busy={busy}
              onStart={() => start.mutate({ courseId: course.id })}
              onComplete={() => complete.mutate({ courseId: course.id })}
            />
          ))}
        </ol>
      )}
    </>
  );
}

function CourseRow(props: {
  course: EnrolledCourse;
  index: number;
  busy: boolean;
  onStart: () => void;
  onComplete: () => void;
}) {
  const c = props.course;
  const stepClass =
    c.status === 'COMPLETED'
      ? 'step done'
      : c.status === 'IN_PROGRESS'
        ? 'step active'
        : c.status === 'FAILED'
          ? 'step failed'
          : 'step';
  return (
    <li className="learn-row" aria-label={c.name}>
      <span className={stepClass} aria-hidden="true">
        {c.status === 'COMPLETED' ? '✓' : props.index + 1}
      </span>
      <div className="course-main">
        <div className="course-title">
          <h3>{c.name}</h3>
          {!c.isRequired && <Badge>Optional</Badge>}
          {c.hasExam && c.status !== 'COMPLETED' && <Badge tone="warning">Exam required</Badge>}
        </div>
        <p className="small muted">
          {c.estimatedMinutes} min ·{' '}
          <a href={c.contentUrl} target="_blank" rel="noopener noreferrer">
            Open course content<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
          {c.completedAt && c.status === 'COMPLETED'
            ? ` · completed ${formatDate(c.completedAt)}`
            : ''}
        </p>
        {c.status === 'FAILED' && (
          <p className="small error">
            All exam attempts are used. Ask your administrator to reset your attempts.
          </p>
        )}
      </div>
      <div className="course-actions">
        <StatusBadge status={c.status} />
        {c.status === 'NOT_STARTED' && (
          <Button
            size="small"
            disabled={props.busy}
            onClick={props.onStart}
            aria-label={`Start ${c.name}`}
          >
            Start
          </Button>
        )}
        {c.status === 'IN_PROGRESS' && !c.hasExam && (
          <Button
            size="small"
            disabled={props.busy}
            onClick={props.onComplete}
            aria-label={`Mark ${c.name} complete`}
          >
            Mark complete
          </Button>
        )}
      </div>
    </li>
  );
}
