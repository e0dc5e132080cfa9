import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { PROJECT_STATUSES, ZProjectCreateInput, type ProjectStatus } from '@credence/domain';
import type { AreaProps } from '../../App.tsx';
import { canEdit, isStaff, label } from '../../roles.ts';
import { Link, matchPath, navigate, searchParam } from '../../router.tsx';
import { useTRPC } from '../../trpc.ts';
import {
  Button,
  Dialog,
  Empty,
  ErrorMessage,
  clearErrorOnEdit,
  Field,
  FormError,
  formatDate,
  Loading,
  Notice,
  PageHeader,
  serverErrors,
  StatusBadge,
  validate,
  type FieldErrors,
} from '../../ui.tsx';
import { ProjectPage } from './ProjectPage.tsx';

/** Implementation projects and go-live readiness (product.md §5). */
export default function ProjectsArea({ me, path, location }: AreaProps) {
  const title = isStaff(me.role) ? 'Projects' : 'Training projects';
  if (path === '/projects') {
    return (
      <ProjectList
        title={title}
        me={me}
        initialOrganizationId={searchParam(location, 'organizationId') ?? ''}
      />
    );
  }
  const match = matchPath('/projects/:projectId', path);
  if (match?.projectId) {
    return <ProjectPage projectId={match.projectId} editor={canEdit(me.role)} listTitle={title} />;
  }
  return (
    <Empty title="This page does not exist.">
      <Link to="/projects">Back to {title.toLowerCase()}</Link>
    </Empty>
  );
}

function ProjectList(props: { title: string; me: AreaProps['me']; initialOrganizationId: string }) {
  const { title, me } = props;
  const trpc = useTRPC();
  const staff = isStaff(me.role);
  const editor = canEdit(me.role);
  const [organizationId, setOrganizationId] = useState(staff ? props.initialOrganizationId : '');
  const [status, setStatus] = useState<'' | ProjectStatus>('');
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const organizations = useQuery({ ...trpc.organizations.list.queryOptions(), enabled: staff });
  const projects = useQuery(
    trpc.projects.list.queryOptions({
      ...(organizationId ? { organizationId } : {}),
      ...(status ? { status } : {}),
    }),
  );
  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          staff
            ? 'Client implementation projects, their training assignments and go-live readiness.'
            : `Implementation projects of ${me.organizationName ?? 'your organisation'} and the training they need before go-live.`
        }
        actions={editor && <Button onClick={() => setCreating(true)}>New project</Button>}
      />
      <Notice message={notice} onClose={clearNotice} />
      <div className="toolbar" role="group" aria-label="Filters">
        {staff && (
          <label className="inline">
            Organisation
            <select value={organizationId} onChange={(e) => setOrganizationId(e.target.value)}>
              <option value="">All organisations</option>
              {organizations.data?.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="inline">
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as ProjectStatus | '')}>
            <option value="">Any status</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {projects.isPending ? (
        <Loading label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorMessage error={projects.error} onRetry={() => void projects.refetch()} />
      ) : projects.data.length === 0 ? (
        <Empty title="No projects to show.">
          {editor
            ? 'Create one with “New project”, or change the filters.'
            : organizationId || status
              ? 'Change the filters to see more.'
              : 'Your implementation manager creates projects when an implementation starts.'}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Project</th>
                {staff && <th scope="col">Organisation</th>}
                <th scope="col">Go-live date</th>
                <th scope="col" className="num">
                  Assignments
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {projects.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/projects/${p.id}`} className="strong">
                      {p.name}
                    </Link>
                  </td>
                  {staff && <td>{p.organizationName}</td>}
                  <td>{formatDate(p.goLiveDate)}</td>
                  <td className="num">{p.assignmentCount}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={creating} title="New project" onClose={() => setCreating(false)}>
        {creating && (
          <ProjectForm
            organizations={organizations.data ?? []}
            defaultOrganizationId={organizationId}
            onCancel={() => setCreating(false)}
            onSaved={(id) => {
              setCreating(false);
              navigate(`/projects/${id}`);
            }}
          />
        )}
      </Dialog>
    </>
  );
}

function ProjectForm(props: {
  organizations: { id: string; name: string }[];
  defaultOrganizationId: string;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [organizationId, setOrganizationId] = useState(props.defaultOrganizationId);
  const [name, setName] = useState('');
  const [goLiveDate, setGoLiveDate] = useState('');
  const [status, setStatus] = useState<ProjectStatus>('PLANNING');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async (project) => {
        await queryClient.invalidateQueries(trpc.projects.list.pathFilter());
        props.onSaved(project.id);
      },
      onError: (error) => {
        const parsed = serverErrors(error);
        setErrors(parsed.errors);
        setFormError(parsed.message);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = validate(ZProjectCreateInput, { organizationId, name, goLiveDate, status });
    if (!parsed.ok) {
      setErrors({
        ...parsed.errors,
        ...(organizationId ? {} : { organizationId: 'Choose the organisation' }),
      });
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };
  return (
    <form
      onSubmit={submit}
      onChange={clearErrorOnEdit(setErrors)}
      noValidate
      className="stack"
      aria-label="New project"
    >
      <Field label="Organisation" name="organizationId" error={errors.organizationId}>
        {(c) => (
          <select {...c} value={organizationId} onChange={(e) => setOrganizationId(e.target.value)}>
            <option value="">Choose…</option>
            {props.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Project name" name="name" error={errors.name}>
        {(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Target go-live date" name="goLiveDate" error={errors.goLiveDate}>
        {(c) => (
          <input
            {...c}
            type="date"
            value={goLiveDate}
            onChange={(e) => setGoLiveDate(e.target.value)}
          />
        )}
      </Field>
      <Field label="Status" name="status" error={errors.status}>
        {(c) => (
          <select
            {...c}
            value={status}
            onChange={(e) => setStatus(e.target.value as ProjectStatus)}
          >
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormError message={formError} />
      <div className="dialog-actions">
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create project'}
        </Button>
      </div>
    </form>
  );
}
