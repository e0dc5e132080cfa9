import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { PROJECT_STATUSES, ZProjectCreateInput, type ProjectStatus } from '@credence/domain';
import type { AreaProps } from '../../App.tsx';
import { canEdit, isStaff } from '../../roles.ts';
import { Link, matchPath, navigate, searchParam } from '../../router.tsx';
import { useTRPC } from '../../trpc.ts';
import {
  Button,
  Dialog,
  Empty,
  EnumField,
  EnumOptions,
  ErrorMessage,
  clearErrorOnEdit,
  Field,
  FilterSelect,
  FormActions,
  formatDate,
  InputField,
  Loading,
  NamedOptions,
  Notice,
  OrganisationFilter,
  PageHeader,
  StatusBadge,
  useFormErrors,
  validate,
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
          <OrganisationFilter
            organizations={organizations.data}
            value={organizationId}
            onChange={setOrganizationId}
          />
        )}
        <FilterSelect label="Status" any="Any status" value={status} onChange={setStatus}>
          <EnumOptions values={PROJECT_STATUSES} />
        </FilterSelect>
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
  const { errors, setErrors, formError, setFormError, onError } = useFormErrors();
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async (project) => {
        await queryClient.invalidateQueries(trpc.projects.list.pathFilter());
        props.onSaved(project.id);
      },
      onError,
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
            <NamedOptions items={props.organizations} />
          </select>
        )}
      </Field>
      <InputField
        label="Project name"
        name="name"
        error={errors.name}
        value={name}
        onChange={setName}
      />
      <InputField
        label="Target go-live date"
        name="goLiveDate"
        error={errors.goLiveDate}
        type="date"
        value={goLiveDate}
        onChange={setGoLiveDate}
      />
      <EnumField
        label="Status"
        name="status"
        error={errors.status}
        values={PROJECT_STATUSES}
        value={status}
        onChange={setStatus}
      />
      <FormActions
        error={formError}
        pending={create.isPending}
        pendingLabel="Creating…"
        submitLabel="Create project"
        onCancel={props.onCancel}
      />
    </form>
  );
}
