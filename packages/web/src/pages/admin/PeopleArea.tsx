import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  CLIENT_ROLES,
  INTERNAL_ROLES,
  isInternalRole,
  USER_ROLES,
  ZUserCreateInput,
  ZUserUpdateInput,
} from '@credence/domain';
import type { AreaProps } from '../../App.tsx';
import { canEdit, isStaff, label, type Me, type Outputs, type Role } from '../../roles.ts';
import { Link, searchParam } from '../../router.tsx';
import { useTRPC } from '../../trpc.ts';
import {
  Badge,
  Button,
  ConfirmDialog,
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
  SearchFilter,
  useFormErrors,
  validate,
} from '../../ui.tsx';

type User = Outputs['users']['update'];
const PAGE = 50;

/** People, as the API scopes them: staff see everyone, a client ADMIN their organisation. */
export default function PeopleArea({ me, path, location }: AreaProps) {
  if (path !== '/people') {
    return (
      <Empty title="This page does not exist.">
        <Link to="/people">Back to people</Link>
      </Empty>
    );
  }
  return <People me={me} initialOrganizationId={searchParam(location, 'organizationId') ?? ''} />;
}

/** Roles this person may give: platform admins anything, others client roles only. */
function assignableRoles(me: Me, kind: 'staff' | 'client' | 'any'): readonly Role[] {
  // Only Credence staff make someone a client admin.
  const client = isStaff(me.role) ? CLIENT_ROLES : CLIENT_ROLES.filter((r) => r !== 'ADMIN');
  const staff = me.role === 'PLATFORM_ADMIN' ? INTERNAL_ROLES : [];
  if (kind === 'staff') return staff;
  if (kind === 'client') return client;
  return [...client, ...staff];
}

function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function People({ me, initialOrganizationId }: { me: Me; initialOrganizationId: string }) {
  const trpc = useTRPC();
  const staff = isStaff(me.role);
  const manager = canEdit(me.role) || me.role === 'ADMIN';
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<'' | Role>('');
  const [organizationId, setOrganizationId] = useState(staff ? initialOrganizationId : '');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const queryClient = useQueryClient();
  const debouncedSearch = useDebounced(search.trim());
  // Changing a filter goes back to the first page.
  const filterKey = `${debouncedSearch}|${role}|${organizationId}`;
  const [page, setPage] = useState({ filterKey, offset: 0 });
  const offset = page.filterKey === filterKey ? page.offset : 0;
  const setOffset = (next: number) => setPage({ filterKey, offset: next });

  const organizations = useQuery({ ...trpc.organizations.list.queryOptions(), enabled: staff });
  const users = useQuery({
    ...trpc.users.list.queryOptions({
      limit: PAGE + 1,
      offset,
      ...(debouncedSearch ? { search: debouncedSearch } : {}),
      ...(role ? { role } : {}),
      ...(organizationId ? { organizationId } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const setActive = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async (user) => {
        await queryClient.invalidateQueries(trpc.users.pathFilter());
        setDeactivating(null);
        setNotice(user.isActive ? `${user.name} reactivated.` : `${user.name} deactivated.`);
      },
    }),
  );
  const rows = users.data?.items.slice(0, PAGE) ?? [];
  const hasMore = (users.data?.items.length ?? 0) > PAGE;

  return (
    <>
      <PageHeader
        title="People"
        subtitle={
          staff
            ? 'Staff and client users of every organisation.'
            : `Users of ${me.organizationName ?? 'your organisation'}.`
        }
        actions={manager && <Button onClick={() => setEditing('new')}>Add person</Button>}
      />
      <Notice message={notice} onClose={clearNotice} />
      <div className="toolbar" role="search">
        <SearchFilter value={search} placeholder="Name or email" onChange={setSearch} />
        <FilterSelect label="Role" any="Any role" value={role} onChange={setRole}>
          <EnumOptions values={staff ? USER_ROLES : CLIENT_ROLES} />
        </FilterSelect>
        {staff && (
          <OrganisationFilter
            organizations={organizations.data}
            value={organizationId}
            onChange={setOrganizationId}
          />
        )}
      </div>
      {setActive.isError && <ErrorMessage error={setActive.error} />}
      {users.isPending ? (
        <Loading label="Loading people…" />
      ) : users.isError ? (
        <ErrorMessage error={users.error} onRetry={() => void users.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title="Nobody matches these filters.">
          {manager
            ? 'Change the filters, or add someone with “Add person”.'
            : 'Change the filters.'}
        </Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">People</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  {staff && <th scope="col">Organisation</th>}
                  <th scope="col">Status</th>
                  <th scope="col">Added</th>
                  {manager && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => {
                  const self = u.id === me.id;
                  const mayManage =
                    manager && !self && (!isInternalRole(u.role) || me.role === 'PLATFORM_ADMIN');
                  return (
                    <tr key={u.id} className={u.isActive ? undefined : 'inactive'}>
                      <td>
                        <span className="strong">{u.name}</span>
                        {self && <span className="muted small"> (you)</span>}
                        <div className="muted small">{u.email}</div>
                      </td>
                      <td>{label(u.role)}</td>
                      {staff && (
                        <td>{u.organizationName ?? <span className="muted">Staff</span>}</td>
                      )}
                      <td>
                        {u.isActive ? (
                          <Badge tone="success">Active</Badge>
                        ) : (
                          <Badge>Deactivated</Badge>
                        )}
                      </td>
                      <td>{formatDate(u.createdAt)}</td>
                      {manager && (
                        <td>
                          {mayManage && (
                            <div className="course-actions">
                              <Button
                                variant="secondary"
                                size="small"
                                aria-label={`Edit ${u.name}`}
                                onClick={() => setEditing(u)}
                              >
                                Edit
                              </Button>
                              {u.isActive ? (
                                <Button
                                  variant="ghost"
                                  size="small"
                                  className="text-danger"
                                  aria-label={`Deactivate ${u.name}`}
                                  onClick={() => {
                                    setActive.reset();
                                    setDeactivating(u);
                                  }}
                                >
                                  Deactivate
                                </Button>
                              ) : (
                                <Button
                                  variant="ghost"
                                  size="small"
                                  aria-label={`Reactivate ${u.name}`}
                                  disabled={setActive.isPending}
                                  onClick={() => setActive.mutate({ id: u.id, isActive: true })}
                                >
                                  Reactivate
                                </Button>
                              )}
                            </div>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {(offset > 0 || hasMore) && (
            <nav className="row-between pager" aria-label="Pages">
              <Button
                variant="secondary"
                size="small"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Previous
              </Button>
              <span className="muted small">
                {offset + 1}–{offset + rows.length}
              </span>
              <Button
                variant="secondary"
                size="small"
                disabled={!hasMore}
                onClick={() => setOffset(offset + PAGE)}
              >
                Next
              </Button>
            </nav>
          )}
        </>
      )}
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? 'Add person' : `Edit ${editing?.name ?? ''}`}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <UserForm
            me={me}
            user={editing === 'new' ? undefined : editing}
            organizations={organizations.data ?? []}
            defaultOrganizationId={organizationId}
            onCancel={() => setEditing(null)}
            onSaved={(u, created) => {
              setEditing(null);
              setNotice(created ? `${u.name} added.` : `${u.name} saved.`);
            }}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={deactivating !== null}
        title={`Deactivate ${deactivating?.name ?? ''}?`}
        confirmLabel="Deactivate"
        danger
        pending={setActive.isPending}
        error={setActive.error}
        onCancel={() => setDeactivating(null)}
        onConfirm={() => deactivating && setActive.mutate({ id: deactivating.id, isActive: false })}
      >
        <p>
          They are signed out at once and can no longer sign in. Their training history and
          certificates are kept, and you can reactivate them later.
        </p>
      </ConfirmDialog>
    </>
  );
}

function UserForm(props: {
  me: Me;
  user?: User;
  organizations: { id: string; name: string }[];
  defaultOrganizationId: string;
  onSaved: (user: User, created: boolean) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const u = props.user;
  const staffMe = isStaff(props.me.role);
  const roles = assignableRoles(
    props.me,
    u ? (isInternalRole(u.role) ? 'staff' : 'client') : staffMe ? 'any' : 'client',
  );
  const [name, setName] = useState(u?.name ?? '');
  const [email, setEmail] = useState(u?.email ?? '');
  const [role, setRole] = useState<Role>(u?.role ?? 'EMPLOYEE');
  const [organizationId, setOrganizationId] = useState(
    u?.organizationId ?? props.defaultOrganizationId,
  );
  const [password, setPassword] = useState('');
  const { errors, setErrors, formError, setFormError, onError, check } = useFormErrors();
  const onSuccess = (created: boolean) => async (saved: User) => {
    await queryClient.invalidateQueries(trpc.users.pathFilter());
    props.onSaved(saved, created);
  };
  const create = useMutation(
    trpc.users.create.mutationOptions({ onSuccess: onSuccess(true), onError }),
  );
  const update = useMutation(
    trpc.users.update.mutationOptions({ onSuccess: onSuccess(false), onError }),
  );
  const clientRole = !isInternalRole(role);
  const needsOrganization = staffMe && clientRole && !u;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (u) {
      const data = check(ZUserUpdateInput, {
        id: u.id,
        name,
        ...(role !== u.role ? { role } : {}),
      });
      if (data) update.mutate(data);
      return;
    }
    const parsed = validate(ZUserCreateInput, {
      name,
      email,
      password,
      role,
      ...(needsOrganization ? { organizationId: organizationId || null } : {}),
    });
    if (!parsed.ok || (needsOrganization && !organizationId)) {
      setErrors({
        ...(parsed.ok ? {} : parsed.errors),
        ...(needsOrganization && !organizationId
          ? { organizationId: 'Client users belong to an organisation' }
          : {}),
      });
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };
  const pending = create.isPending || update.isPending;
  return (
    <form
      onSubmit={submit}
      onChange={clearErrorOnEdit(setErrors)}
      noValidate
      className="stack"
      aria-label={u ? 'Edit person' : 'Add person'}
    >
      <InputField
        label="Full name"
        name="name"
        error={errors.name}
        value={name}
        onChange={setName}
      />
      <InputField
        label="Email"
        name="email"
        error={errors.email}
        hint={u ? 'The email cannot be changed.' : undefined}
        type="email"
        autoComplete="off"
        value={email}
        readOnly={Boolean(u)}
        onChange={setEmail}
      />
      <EnumField
        label="Role"
        name="role"
        error={errors.role}
        values={roles}
        value={role}
        onChange={setRole}
      />
      {needsOrganization && (
        <Field label="Organisation" name="organizationId" error={errors.organizationId}>
          {(c) => (
            <select
              {...c}
              value={organizationId}
              onChange={(e) => setOrganizationId(e.target.value)}
            >
              <option value="">Choose…</option>
              <NamedOptions items={props.organizations} />
            </select>
          )}
        </Field>
      )}
      {!u && (
        <InputField
          label="Initial password"
          name="password"
          error={errors.password}
          hint="At least 12 characters. Share it with them securely."
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
        />
      )}
      <FormActions
        error={formError}
        pending={pending}
        submitLabel={u ? 'Save' : 'Add person'}
        onCancel={props.onCancel}
      />
    </form>
  );
}
