import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import {
  ORGANIZATION_STATUSES,
  ZOrganizationCreateInput,
  ZOrganizationUpdateInput,
  type OrganizationStatus,
} from '@credence/domain';
import type { AreaProps } from '../../App.tsx';
import { canEdit, type Outputs } from '../../roles.ts';
import { Link } from '../../router.tsx';
import { useTRPC } from '../../trpc.ts';
import {
  Button,
  Dialog,
  Empty,
  EnumField,
  ErrorMessage,
  clearErrorOnEdit,
  FormActions,
  InputField,
  Loading,
  Notice,
  NumberField,
  numberOrNull,
  PageHeader,
  SearchFilter,
  StatusBadge,
  useFormErrors,
} from '../../ui.tsx';

type Organization = Outputs['organizations']['list'][number];

/** Staff: client organisations (tenants). */
export default function OrganisationsArea({ me, path }: AreaProps) {
  const trpc = useTRPC();
  const editor = canEdit(me.role);
  const organizations = useQuery(trpc.organizations.list.queryOptions());
  const [editing, setEditing] = useState<Organization | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  if (path !== '/organisations') {
    return (
      <Empty title="This page does not exist.">
        <Link to="/organisations">Back to organisations</Link>
      </Empty>
    );
  }
  const needle = search.trim().toLowerCase();
  const shown = (organizations.data ?? []).filter(
    (o) =>
      !needle ||
      o.name.toLowerCase().includes(needle) ||
      o.industrySector.toLowerCase().includes(needle),
  );
  return (
    <>
      <PageHeader
        title="Organisations"
        subtitle="Client tenants: their sector, size and status."
        actions={editor && <Button onClick={() => setEditing('new')}>New organisation</Button>}
      />
      <Notice message={notice} onClose={clearNotice} />
      <div className="toolbar" role="search">
        <SearchFilter value={search} placeholder="Name or sector" onChange={setSearch} />
      </div>
      {organizations.isPending ? (
        <Loading label="Loading organisations…" />
      ) : organizations.isError ? (
        <ErrorMessage error={organizations.error} onRetry={() => void organizations.refetch()} />
      ) : shown.length === 0 ? (
        <Empty title={needle ? 'No organisation matches your search.' : 'No organisations yet.'}>
          {editor && !needle ? 'Add the first client with “New organisation”.' : null}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Organisations</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Industry sector</th>
                <th scope="col" className="num">
                  Employees
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Links and actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((o) => (
                <tr key={o.id}>
                  <td className="strong">{o.name}</td>
                  <td>{o.industrySector}</td>
                  <td className="num">{o.employeeCount.toLocaleString('en-GB')}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td>
                    <div className="link-actions">
                      <Link
                        to={`/people?organizationId=${o.id}`}
                        className="small"
                        aria-label={`People of ${o.name}`}
                      >
                        People
                      </Link>
                      <Link
                        to={`/projects?organizationId=${o.id}`}
                        className="small"
                        aria-label={`Projects of ${o.name}`}
                      >
                        Projects
                      </Link>
                      {editor && (
                        <Button
                          variant="secondary"
                          size="small"
                          aria-label={`Edit ${o.name}`}
                          onClick={() => setEditing(o)}
                        >
                          Edit
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? 'New organisation' : `Edit ${editing?.name ?? ''}`}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <OrganisationForm
            organization={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSaved={(o) => {
              setEditing(null);
              setNotice(`${o.name} saved.`);
            }}
          />
        )}
      </Dialog>
    </>
  );
}

function OrganisationForm(props: {
  organization?: Organization;
  onSaved: (o: Organization) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const o = props.organization;
  const [name, setName] = useState(o?.name ?? '');
  const [industrySector, setIndustrySector] = useState(o?.industrySector ?? '');
  const [employees, setEmployees] = useState(o ? String(o.employeeCount) : '');
  const [status, setStatus] = useState<OrganizationStatus>(o?.status ?? 'ONBOARDING');
  const { errors, setErrors, formError, setFormError, onError, check } = useFormErrors();
  const onSuccess = async (saved: Organization) => {
    await queryClient.invalidateQueries(trpc.organizations.pathFilter());
    props.onSaved(saved);
  };
  const create = useMutation(trpc.organizations.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.organizations.update.mutationOptions({ onSuccess, onError }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const values = {
      name,
      industrySector,
      employeeCount: numberOrNull(employees) ?? Number.NaN,
      status,
    };
    if (o) {
      const data = check(ZOrganizationUpdateInput, { id: o.id, ...values });
      if (data) update.mutate(data);
    } else {
      const data = check(ZOrganizationCreateInput, values);
      if (data) create.mutate(data);
    }
  };
  const pending = create.isPending || update.isPending;
  return (
    <form
      onSubmit={submit}
      onChange={clearErrorOnEdit(setErrors)}
      noValidate
      className="stack"
      aria-label="Organisation"
    >
      <InputField label="Name" name="name" error={errors.name} value={name} onChange={setName} />
      <InputField
        label="Industry sector"
        name="industrySector"
        error={errors.industrySector}
        hint="Used for peer benchmarks, e.g. Healthcare."
        value={industrySector}
        onChange={setIndustrySector}
      />
      <div className="form-grid">
        <NumberField
          label="Employees"
          name="employeeCount"
          error={errors.employeeCount}
          min={1}
          value={employees}
          onChange={setEmployees}
        />
        <EnumField
          label="Status"
          name="status"
          error={errors.status}
          values={ORGANIZATION_STATUSES}
          value={status}
          onChange={setStatus}
        />
      </div>
      <FormActions
        error={formError}
        pending={pending}
        submitLabel={o ? 'Save' : 'Create organisation'}
        onCancel={props.onCancel}
      />
    </form>
  );
}
