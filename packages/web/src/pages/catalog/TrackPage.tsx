import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { label } from '../../roles.ts';
import { Link, navigate } from '../../router.tsx';
import { useTRPC } from '../../trpc.ts';
import {
  Badge,
  Button,
  ConfirmDialog,
  Dialog,
  Empty,
  ErrorMessage,
  Loading,
  Notice,
  PageHeader,
} from '../../ui.tsx';
import { CourseForm, type Course } from './CourseForm.tsx';
import { TrackForm, type Track } from './TrackForm.tsx';

export function NewTrackPage() {
  return (
    <>
      <PageHeader title="New track" back={{ to: '/catalog', label: 'Catalog' }} />
      <TrackForm
        onSaved={(track) => navigate(`/catalog/${track.id}`, { replace: true })}
        onCancel={() => navigate('/catalog')}
      />
    </>
  );
}

export function TrackPage({ trackId, editor }: { trackId: string; editor: boolean }) {
  const trpc = useTRPC();
  const track = useQuery(trpc.catalog.getTrack.queryOptions({ id: trackId }));
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  if (track.isPending) return <Loading label="Loading track…" />;
  if (track.isError) {
    return (
      <>
        <PageHeader title="Track" back={{ to: '/catalog', label: 'Catalog' }} />
        <ErrorMessage error={track.error} onRetry={() => void track.refetch()} />
      </>
    );
  }
  const t = track.data;
  const canWrite = editor && t.isActive;
  return (
    <>
      <PageHeader
        title={t.name}
        back={{ to: '/catalog', label: 'Catalog' }}
        subtitle={
          <>
            <span className="mono">v{t.version}</span> · {label(t.type)} · {label(t.level)}
            {t.requiredForGoLive && (
              <>
                {' '}
                <Badge tone="warning">Required for go-live</Badge>
              </>
            )}
            {!t.isActive && (
              <>
                {' '}
                <Badge>Archived</Badge>
              </>
            )}
          </>
        }
        actions={
          canWrite && !editing ? (
            <TrackActions track={t} onDone={setNotice} onEdit={() => setEditing(true)} />
          ) : null
        }
      />
      <Notice message={notice} onClose={clearNotice} />
      {!t.isActive && (
        <p className="alert alert-info">
          This track is archived: it accepts no new enrolments, and existing enrolments and
          certificates keep their history.
        </p>
      )}
      {editing ? (
        <TrackForm
          track={t}
          onSaved={() => {
            setEditing(false);
            setNotice('Track saved.');
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <section className="card" aria-label="Track details">
          <p className={t.description ? undefined : 'muted'}>
            {t.description || 'No description yet.'}
          </p>
          <dl className="facts">
            <div>
              <dt>Slug</dt>
              <dd className="mono">{t.slug}</dd>
            </div>
            <div>
              <dt>Estimated time</dt>
              <dd>
                {t.estimatedHours} h
                {t.estimatedHoursDerived && <span className="muted"> (from courses)</span>}
              </dd>
            </div>
            <div>
              <dt>Certificates valid for</dt>
              <dd>{t.certificateValidityMonths} months</dd>
            </div>
            <div>
              <dt>Sort order</dt>
              <dd>{t.sortOrder}</dd>
            </div>
          </dl>
        </section>
      )}
      <CourseList track={t} editor={canWrite} onNotice={setNotice} />
    </>
  );
}

function TrackActions(props: {
  track: Track;
  onEdit: () => void;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<null | 'archive' | 'publish'>(null);
  const [bump, setBump] = useState<'MINOR' | 'MAJOR'>('MINOR');
  const t = props.track;
  const invalidate = () => queryClient.invalidateQueries(trpc.catalog.pathFilter());
  const archive = useMutation(
    trpc.catalog.archiveTrack.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        setDialog(null);
        props.onDone('Track archived.');
      },
    }),
  );
  const publish = useMutation(
    trpc.catalog.publishVersion.mutationOptions({
      onSuccess: async (saved) => {
        await invalidate();
        setDialog(null);
        props.onDone(`Version ${saved.version} published.`);
      },
    }),
  );
  const nextMinor = `${t.versionMajor}.${t.versionMinor + 1}`;
  const nextMajor = `${t.versionMajor + 1}.0`;
  return (
    <>
      <Button variant="secondary" onClick={props.onEdit}>
        Edit track
      </Button>
      <Button
        variant="secondary"
        onClick={() => {
          publish.reset();
          setDialog('publish');
        }}
      >
        Publish version…
      </Button>
      <Button
        variant="danger"
        onClick={() => {
          archive.reset();
          setDialog('archive');
        }}
      >
        Archive
      </Button>
      <ConfirmDialog
        open={dialog === 'publish'}
        title={`Publish a new version of ${t.name}`}
        confirmLabel={`Publish v${bump === 'MAJOR' ? nextMajor : nextMinor}`}
        pending={publish.isPending}
        error={publish.error}
        onCancel={() => setDialog(null)}
        onConfirm={() => publish.mutate({ id: t.id, bump })}
      >
        <p>
          The track is at <strong className="mono">v{t.version}</strong>.
        </p>
        <fieldset className="choices">
          <legend className="visually-hidden">Kind of version</legend>
          <label className="choice">
            <input
              type="radio"
              name="bump"
              checked={bump === 'MINOR'}
              onChange={() => setBump('MINOR')}
            />
            <span>
              <strong>Minor version (v{nextMinor})</strong>
              <span className="hint block">
                Corrections and small additions. Existing certificates stay valid.
              </span>
            </span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name="bump"
              checked={bump === 'MAJOR'}
              onChange={() => setBump('MAJOR')}
            />
            <span>
              <strong>Major version (v{nextMajor})</strong>
              <span className="hint block">
                Every certificate of an earlier version becomes superseded: holders must recertify.
              </span>
            </span>
          </label>
        </fieldset>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'archive'}
        title={`Archive ${t.name}?`}
        confirmLabel="Archive track"
        danger
        pending={archive.isPending}
        error={archive.error}
        onCancel={() => setDialog(null)}
        onConfirm={() => archive.mutate({ id: t.id })}
      >
        <p>
          Nobody can enrol in an archived track any more. Enrolments, progress and certificates are
          kept.
        </p>
      </ConfirmDialog>
    </>
  );
}

function CourseList(props: { track: Track; editor: boolean; onNotice: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = props.track;
  const [editing, setEditing] = useState<Course | 'new' | null>(null);
  const [archiving, setArchiving] = useState<Course | null>(null);
  const active = t.courses.filter((c) => c.isActive);
  const archived = t.courses.filter((c) => !c.isActive);
  const trackKey = trpc.catalog.getTrack.queryKey({ id: t.id });

  const reorder = useMutation(
    trpc.catalog.reorderCourses.mutationOptions({
      // Show the new order at once; put the old one back if the server refuses.
      onMutate: async ({ courseIds }) => {
        await queryClient.cancelQueries({ queryKey: trackKey });
        const previous = queryClient.getQueryData(trackKey);
        if (previous) {
          const byId = new Map(previous.courses.map((c) => [c.id, c]));
          const moved = courseIds.flatMap((id) => byId.get(id) ?? []);
          queryClient.setQueryData(trackKey, {
            ...previous,
            courses: [...moved, ...previous.courses.filter((c) => !c.isActive)],
          });
        }
        return { previous };
      },
      onError: (_error, _input, context) => {
        if (context?.previous) queryClient.setQueryData(trackKey, context.previous);
      },
      onSuccess: (saved) => queryClient.setQueryData(trackKey, saved),
      onSettled: () => queryClient.invalidateQueries(trpc.catalog.listTracks.pathFilter()),
    }),
  );
  const archive = useMutation(
    trpc.catalog.removeCourse.mutationOptions({
      onSuccess: async (course) => {
        await queryClient.invalidateQueries(trpc.catalog.pathFilter());
        setArchiving(null);
        props.onNotice(`${course.name} archived.`);
      },
    }),
  );
  const restore = useMutation(
    trpc.catalog.updateCourse.mutationOptions({
      onSuccess: async (course) => {
        await queryClient.invalidateQueries(trpc.catalog.pathFilter());
        props.onNotice(`${course.name} restored.`);
      },
    }),
  );

  const move = (index: number, delta: -1 | 1) => {
    const ids = active.map((c) => c.id);
    const target = index + delta;
    const a = ids[index];
    const b = ids[target];
    if (a === undefined || b === undefined) return;
    ids[index] = b;
    ids[target] = a;
    reorder.mutate({ trackId: t.id, courseIds: ids });
  };

  return (
    <section className="section" aria-labelledby="courses-heading">
      <div className="section-header">
        <h2 id="courses-heading">Courses</h2>
        {props.editor && <Button onClick={() => setEditing('new')}>Add course</Button>}
      </div>
      {reorder.isError && <ErrorMessage error={reorder.error} />}
      {restore.isError && <ErrorMessage error={restore.error} />}
      {active.length === 0 ? (
        <Empty title="This track has no courses yet.">
          {props.editor ? 'Add the first course with “Add course”.' : null}
        </Empty>
      ) : (
        <ol className="course-list" aria-label="Courses in order">
          {active.map((course, index) => (
            <li key={course.id} className="course-row">
              <span className="course-pos" aria-hidden="true">
                {index + 1}
              </span>
              <div className="course-main">
                <div className="course-title">
                  <span className="strong">{course.name}</span>
                  {!course.isRequired && <Badge>Optional</Badge>}
                  {course.hasExam && <Badge tone="info">Exam</Badge>}
                </div>
                {course.description && <p className="muted small">{course.description}</p>}
                <p className="small muted">
                  {course.estimatedMinutes} min ·{' '}
                  <a href={course.contentUrl} target="_blank" rel="noopener noreferrer">
                    Open content<span className="visually-hidden"> (opens in a new tab)</span>
                  </a>{' '}
                  ·{' '}
                  <Link to={`/catalog/${t.id}/courses/${course.id}/quiz`}>
                    {course.hasExam ? 'Exam' : props.editor ? 'Add exam' : 'No exam'}
                  </Link>
                </p>
              </div>
              {props.editor && (
                <div className="course-actions">
                  <Button
                    variant="ghost"
                    size="small"
                    aria-label={`Move ${course.name} up`}
                    title="Move up"
                    disabled={index === 0 || reorder.isPending}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </Button>
                  <Button
                    variant="ghost"
                    size="small"
                    aria-label={`Move ${course.name} down`}
                    title="Move down"
                    disabled={index === active.length - 1 || reorder.isPending}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </Button>
                  <Button
                    variant="secondary"
                    size="small"
                    aria-label={`Edit ${course.name}`}
                    onClick={() => setEditing(course)}
                  >
                    Edit
                  </Button>
                  <Button
                    variant="ghost"
                    size="small"
                    className="text-danger"
                    aria-label={`Archive ${course.name}`}
                    onClick={() => {
                      archive.reset();
                      setArchiving(course);
                    }}
                  >
                    Archive
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {archived.length > 0 && (
        <details className="archived">
          <summary>Archived courses ({archived.length})</summary>
          <ul className="plain">
            {archived.map((course) => (
              <li key={course.id} className="row-between">
                <span className="muted">{course.name}</span>
                {props.editor && (
                  <Button
                    variant="secondary"
                    size="small"
                    aria-label={`Restore ${course.name}`}
                    disabled={restore.isPending}
                    onClick={() => restore.mutate({ id: course.id, isActive: true })}
                  >
                    Restore
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? 'Add course' : `Edit ${editing?.name ?? 'course'}`}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <CourseForm
            trackId={t.id}
            course={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSaved={(course) => {
              props.onNotice(editing === 'new' ? `${course.name} added.` : `${course.name} saved.`);
              setEditing(null);
            }}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={archiving !== null}
        title={`Archive ${archiving?.name ?? 'course'}?`}
        confirmLabel="Archive course"
        danger
        pending={archive.isPending}
        error={archive.error}
        onCancel={() => setArchiving(null)}
        onConfirm={() => archiving && archive.mutate({ id: archiving.id })}
      >
        <p>
          Learners no longer see the course and it no longer counts towards completing the track.
          You can restore it later.
        </p>
      </ConfirmDialog>
    </section>
  );
}
