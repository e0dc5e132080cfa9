import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import {
  CLIENT_ROLES,
  trackTypeForRole,
  ZAssignTrainingInput,
  type ClientRole,
} from '@credence/domain';
import { label, type Outputs } from '../../roles.ts';
import { useTRPC } from '../../trpc.ts';
import {
  Badge,
  Button,
  Dialog,
  Empty,
  EnumField,
  ErrorMessage,
  clearErrorOnEdit,
  Field,
  FormActions,
  formatDate,
  InputField,
  Loading,
  Notice,
  NumberField,
  numberOrNull,
  PageHeader,
  ProgressBar,
  StatusBadge,
  useFormErrors,
  validate,
} from '../../ui.tsx';

type Project = Outputs['projects']['get'];
type Assignment = Project['assignments'][number];
type Readiness = Outputs['projects']['goLiveReadiness'];
type Blocking = Readiness['blocking'][number];
type Status = Outputs['projects']['trainingStatus'];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function ProjectPage(props: { projectId: string; editor: boolean; listTitle: string }) {
  const trpc = useTRPC();
  const ref = { projectId: props.projectId };
  const project = useQuery(trpc.projects.get.queryOptions(ref));
  const readiness = useQuery(trpc.projects.goLiveReadiness.queryOptions(ref));
  const status = useQuery(trpc.projects.trainingStatus.queryOptions(ref));
  const [assigning, setAssigning] = useState<Assignment | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const back = { to: '/projects', label: props.listTitle };

  if (project.isPending) return <Loading label="Loading project…" />;
  if (project.isError) {
    return (
      <>
        <PageHeader title="Project" back={back} />
        <ErrorMessage error={project.error} onRetry={() => void project.refetch()} />
      </>
    );
  }
  const p = project.data;
  return (
    <>
      <PageHeader
        title={p.name}
        back={back}
        subtitle={
          <>
            {p.organizationName} · go-live {formatDate(p.goLiveDate)} ·{' '}
            <StatusBadge status={p.status} />
          </>
        }
        actions={
          props.editor && <Button onClick={() => setAssigning('new')}>Assign training</Button>
        }
      />
      <Notice message={notice} onClose={clearNotice} />

      <section aria-labelledby="readiness-heading">
        <h2 id="readiness-heading" className="visually-hidden">
          Go-live readiness
        </h2>
        {readiness.isPending ? (
          <Loading label="Checking go-live readiness…" />
        ) : readiness.isError ? (
          <ErrorMessage error={readiness.error} onRetry={() => void readiness.refetch()} />
        ) : (
          <ReadinessView
            readiness={readiness.data}
            gatingAssignments={p.assignments.filter((a) => a.requiredForGoLive).length}
          />
        )}
      </section>

      <section className="section" aria-labelledby="status-heading">
        <div className="section-header">
          <h2 id="status-heading">Training status</h2>
        </div>
        {status.isPending ? (
          <Loading label="Loading training status…" />
        ) : status.isError ? (
          <ErrorMessage error={status.error} onRetry={() => void status.refetch()} />
        ) : (
          <StatusTable
            status={status.data}
            assignments={p.assignments}
            editor={props.editor}
            onChange={setAssigning}
          />
        )}
      </section>

      <Dialog
        open={assigning !== null}
        title={assigning === 'new' ? 'Assign training' : 'Change assignment'}
        onClose={() => setAssigning(null)}
      >
        {assigning !== null && (
          <AssignForm
            projectId={p.id}
            assignment={assigning === 'new' ? undefined : assigning}
            onCancel={() => setAssigning(null)}
            onSaved={(message) => {
              setAssigning(null);
              setNotice(message);
            }}
          />
        )}
      </Dialog>
    </>
  );
}

function ReadinessView(props: { readiness: Readiness; gatingAssignments: number }) {
  const { readiness } = props;
  if (readiness.ready) {
    return (
      <div className="readiness readiness-ready" role="status">
        <span className="readiness-icon" aria-hidden="true">
          <span>✓</span>
        </span>
        <div>
          <div className="readiness-label">READY</div>
          <p>
            {props.gatingAssignments > 0
              ? `Every training assignment required for go-live on ${formatDate(readiness.goLiveDate)} is complete.`
              : `Nothing blocks go-live on ${formatDate(readiness.goLiveDate)}: no training of a go-live track is assigned yet.`}
          </p>
        </div>
      </div>
    );
  }
  const n = readiness.blocking.length;
  return (
    <>
      <div className="readiness readiness-not-ready" role="status">
        <span className="readiness-icon" aria-hidden="true">
          <span>!</span>
        </span>
        <div>
          <div className="readiness-label">NOT READY</div>
          <p>
            {plural(n, 'assignment')} {n === 1 ? 'blocks' : 'block'} go-live on{' '}
            {formatDate(readiness.goLiveDate)}.
          </p>
        </div>
      </div>
      <div className="blocking">
        {readiness.blocking.map((b) => (
          <BlockingCard key={b.assignmentId} blocking={b} />
        ))}
      </div>
    </>
  );
}

function BlockingCard({ blocking: b }: { blocking: Blocking }) {
  const people = b.inProgress.people;
  return (
    <article className="card" aria-label={`Blocking: ${b.trackName} for ${label(b.targetRole)}`}>
      <div className="blocking-head">
        <div>
          <h3>{b.trackName}</h3>
          <p className="muted small">
            {label(b.targetRole)} role · due {b.dueDate ? formatDate(b.dueDate) : 'by go-live'}
          </p>
        </div>
        <div className="row">
          {b.overdue && <Badge tone="danger">Overdue</Badge>}
          {b.forecast.onTrack ? (
            <Badge tone="success">On track</Badge>
          ) : (
            <Badge tone="warning">Behind pace</Badge>
          )}
        </div>
      </div>
      <div className="counts">
        <div>
          <span className="value">{b.required}</span>
          <span className="label">required</span>
        </div>
        <div>
          <span className="value">{b.completed}</span>
          <span className="label">certified</span>
        </div>
        <div>
          <span className="value missing">{b.missing}</span>
          <span className="label">missing</span>
        </div>
        <div>
          <span className="value">{b.inProgress.total}</span>
          <span className="label">in progress</span>
        </div>
        <div>
          <span className="value">{b.notEnrolled}</span>
          <span className="label">not enrolled</span>
        </div>
      </div>
      <p className="small">
        <strong>Forecast:</strong> {plural(b.forecast.completedSinceStart, 'completion')} since the
        project started; at this pace about {b.forecast.projectedCompletions} of {b.required} by{' '}
        {formatDate(b.forecast.deadline)}
        {b.forecast.onTrack ? '.' : ' — short of the headcount.'}
      </p>
      {people.length > 0 ? (
        <table className="people-table">
          <caption className="visually-hidden">People in progress on {b.trackName}</caption>
          <thead>
            <tr>
              <th scope="col">In progress</th>
              <th scope="col" className="num">
                Required courses
              </th>
              <th scope="col">Progress</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.userId}>
                <td>
                  {person.name}
                  <div className="muted small">{person.email}</div>
                </td>
                <td className="num">
                  {person.requiredCompleted} / {person.requiredTotal}
                </td>
                <td>
                  <ProgressBar value={person.progressPercent} label={`${person.name}: progress`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">
          Nobody of this role is working on the track yet
          {b.notEnrolled > 0
            ? `: enrol some of the ${b.notEnrolled} people who could take it.`
            : '.'}
        </p>
      )}
      {b.inProgress.total > people.length && (
        <p className="muted small">And {b.inProgress.total - people.length} more in progress.</p>
      )}
    </article>
  );
}

function StatusTable(props: {
  status: Status;
  assignments: Assignment[];
  editor: boolean;
  onChange: (assignment: Assignment) => void;
}) {
  const rows = props.status.assignments;
  if (rows.length === 0) {
    return (
      <Empty title="No training is assigned to this project yet.">
        {props.editor
          ? 'Use “Assign training” to say how many people of which role need which track.'
          : 'Your implementation manager assigns the training this project needs.'}
      </Empty>
    );
  }
  const byId = new Map(props.assignments.map((a) => [a.id, a]));
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Training status per assignment</caption>
        <thead>
          <tr>
            <th scope="col">Track</th>
            <th scope="col">Role</th>
            <th scope="col">Go-live</th>
            <th scope="col" className="num">
              Certified
            </th>
            <th scope="col">Progress</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            {props.editor && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const assignment = byId.get(row.assignmentId);
            return (
              <tr key={row.assignmentId}>
                <td className="strong">{row.trackName}</td>
                <td>{label(row.targetRole)}</td>
                <td>
                  {row.requiredForGoLive ? (
                    <Badge tone="warning">Required</Badge>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">
                  {row.completed} / {row.required}
                </td>
                <td>
                  <ProgressBar
                    value={row.required > 0 ? (100 * row.completed) / row.required : 100}
                    label={`${row.trackName}: people certified`}
                  />
                </td>
                <td>{row.dueDate ? formatDate(row.dueDate) : <span className="muted">—</span>}</td>
                <td>
                  {row.complete ? (
                    <Badge tone="success">Complete</Badge>
                  ) : row.overdue ? (
                    <Badge tone="danger">Overdue</Badge>
                  ) : (
                    <Badge tone="info">Open</Badge>
                  )}
                </td>
                {props.editor && (
                  <td>
                    {assignment && (
                      <Button
                        variant="secondary"
                        size="small"
                        aria-label={`Change ${row.trackName} for ${label(row.targetRole)}`}
                        onClick={() => props.onChange(assignment)}
                      >
                        Change
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AssignForm(props: {
  projectId: string;
  assignment?: Assignment;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const a = props.assignment;
  const [targetRole, setTargetRole] = useState<ClientRole>(a?.targetRole ?? 'ADMIN');
  const [trackId, setTrackId] = useState(a?.trackId ?? '');
  const [required, setRequired] = useState(a ? String(a.requiredCompletions) : '1');
  const [dueDate, setDueDate] = useState(a?.dueDate ?? '');
  const { errors, setErrors, formError, setFormError, onError } = useFormErrors();
  const tracks = useQuery(
    trpc.catalog.listTracks.queryOptions({ type: trackTypeForRole(targetRole) }),
  );
  const assign = useMutation(
    trpc.projects.assignTraining.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries(trpc.projects.pathFilter());
        props.onSaved(
          saved.created
            ? `${saved.trackName} assigned to ${label(saved.targetRole)} users.`
            : `${saved.trackName} assignment updated.`,
        );
      },
      onError,
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = validate(ZAssignTrainingInput, {
      projectId: props.projectId,
      trackId,
      targetRole,
      requiredCompletions: numberOrNull(required) ?? Number.NaN,
      dueDate: dueDate || null,
    });
    if (!parsed.ok) {
      setErrors({ ...parsed.errors, ...(trackId ? {} : { trackId: 'Choose a track' }) });
      return;
    }
    setErrors({});
    assign.mutate(parsed.data);
  };
  return (
    <form
      onSubmit={submit}
      onChange={clearErrorOnEdit(setErrors)}
      noValidate
      className="stack"
      aria-label="Assign training"
    >
      <EnumField
        label="Role that needs the training"
        name="targetRole"
        error={errors.targetRole}
        hint="Each role takes the tracks of its own audience."
        values={CLIENT_ROLES}
        value={targetRole}
        disabled={Boolean(a)}
        onChange={(value) => {
          setTargetRole(value);
          setTrackId('');
        }}
      />
      <Field label="Track" name="trackId" error={errors.trackId}>
        {(c) => (
          <select
            {...c}
            value={trackId}
            disabled={Boolean(a) || tracks.isPending}
            onChange={(e) => setTrackId(e.target.value)}
          >
            <option value="">{tracks.isPending ? 'Loading tracks…' : 'Choose…'}</option>
            {a && !tracks.data?.some((t) => t.id === a.trackId) && (
              <option value={a.trackId}>{a.trackName}</option>
            )}
            {tracks.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} (v{t.version}){t.requiredForGoLive ? ' — required for go-live' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      {tracks.isSuccess && tracks.data.length === 0 && (
        <p className="muted small">
          No active track for {label(targetRole)} users yet. Create one in the catalog first.
        </p>
      )}
      <div className="form-grid">
        <NumberField
          label="People required"
          name="requiredCompletions"
          error={errors.requiredCompletions}
          min={1}
          value={required}
          onChange={setRequired}
        />
        <InputField
          label="Due date"
          name="dueDate"
          error={errors.dueDate}
          hint="Optional; go-live date when empty."
          type="date"
          value={dueDate}
          onChange={setDueDate}
        />
      </div>
      <FormActions
        error={formError}
        pending={assign.isPending}
        submitLabel={a ? 'Save assignment' : 'Assign training'}
        onCancel={props.onCancel}
      />
    </form>
  );
}
