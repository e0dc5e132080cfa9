import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { ZBulkEnrollInput } from '@credence/domain';
import type { AreaProps } from '../../App.tsx';
import { canEdit, isStaff, label, type Outputs } from '../../roles.ts';
import { Link } from '../../router.tsx';
import { useTRPC } from '../../trpc.ts';
import {
  Badge,
  Button,
  Empty,
  ErrorMessage,
  clearErrorOnEdit,
  Field,
  FilterSelect,
  FormError,
  Loading,
  OrganisationFilter,
  PageHeader,
  ProgressBar,
  useFormErrors,
  validate,
  type Tone,
} from '../../ui.tsx';

type SummaryRow = Outputs['reports']['trackSummary'][number];
type BulkResult = Outputs['learning']['bulkEnroll'];

/** Reports: the per-track summary with its CSV export, and bulk enrolment (product.md §2). */
export default function ReportsArea({ me, path }: AreaProps) {
  if (path !== '/reports') {
    return (
      <Empty title="This page does not exist.">
        <Link to="/reports">Back to reports</Link>
      </Empty>
    );
  }
  const mayEnrol = canEdit(me.role) || me.role === 'ADMIN';
  return (
    <>
      <PageHeader
        title="Reports"
        subtitle={
          isStaff(me.role)
            ? 'Enrolment and completion per track, for every organisation or one.'
            : `Enrolment and completion per track at ${me.organizationName ?? 'your organisation'}.`
        }
      />
      <TrackSummary staff={isStaff(me.role)} />
      {mayEnrol && <BulkEnrol />}
    </>
  );
}

function exportUrl(filters: { organizationId: string; trackId: string }) {
  const params = new URLSearchParams();
  if (filters.organizationId) params.set('organizationId', filters.organizationId);
  if (filters.trackId) params.set('trackId', filters.trackId);
  const query = params.toString();
  return `/exports/track-summary.csv${query ? `?${query}` : ''}`;
}

function TrackSummary({ staff }: { staff: boolean }) {
  const trpc = useTRPC();
  const [organizationId, setOrganizationId] = useState('');
  const [trackId, setTrackId] = useState('');
  const organizations = useQuery({ ...trpc.organizations.list.queryOptions(), enabled: staff });
  const tracks = useQuery(trpc.catalog.listTracks.queryOptions({ includeArchived: true }));
  const summary = useQuery(
    trpc.reports.trackSummary.queryOptions({
      ...(organizationId ? { organizationId } : {}),
      ...(trackId ? { trackId } : {}),
    }),
  );
  const rows = summary.data ?? [];
  const total = rows.reduce(
    (sum, r) => ({
      enrolled: sum.enrolled + r.enrolled,
      completed: sum.completed + r.completed,
      inProgress: sum.inProgress + r.inProgress,
      notStarted: sum.notStarted + r.notStarted,
      failed: sum.failed + r.failed,
    }),
    { enrolled: 0, completed: 0, inProgress: 0, notStarted: 0, failed: 0 },
  );
  return (
    <section aria-labelledby="summary-heading">
      <div className="section-header">
        <h2 id="summary-heading">Track summary</h2>
        <a className="button-link" href={exportUrl({ organizationId, trackId })} download>
          Download CSV
        </a>
      </div>
      <div className="toolbar" role="group" aria-label="Filters">
        {staff && (
          <OrganisationFilter
            organizations={organizations.data}
            value={organizationId}
            onChange={setOrganizationId}
          />
        )}
        <FilterSelect label="Track" any="All tracks" value={trackId} onChange={setTrackId}>
          {tracks.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
              {t.isActive ? '' : ' (archived)'}
            </option>
          ))}
        </FilterSelect>
      </div>
      {summary.isPending ? (
        <Loading label="Loading the summary…" />
      ) : summary.isError ? (
        <ErrorMessage error={summary.error} onRetry={() => void summary.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title="No tracks to report on.">
          {organizationId || trackId ? 'Change the filters to see more.' : null}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Enrolment and completion per track</caption>
            <thead>
              <tr>
                <th scope="col">Track</th>
                <th scope="col" className="num">
                  Enrolled
                </th>
                <th scope="col" className="num">
                  Completed
                </th>
                <th scope="col" className="num">
                  In progress
                </th>
                <th scope="col" className="num">
                  Not started
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
                <th scope="col">Completion rate</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r: SummaryRow) => (
                <tr key={r.trackId}>
                  <th scope="row" className="strong">
                    {r.trackName}
                  </th>
                  <td className="num">{r.enrolled}</td>
                  <td className="num">{r.completed}</td>
                  <td className="num">{r.inProgress}</td>
                  <td className="num">{r.notStarted}</td>
                  <td className="num">{r.failed}</td>
                  <td>
                    <ProgressBar
                      value={r.completionRate}
                      label={`${r.trackName}: completion rate`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
            {rows.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row">All tracks</th>
                  <td className="num">{total.enrolled}</td>
                  <td className="num">{total.completed}</td>
                  <td className="num">{total.inProgress}</td>
                  <td className="num">{total.notStarted}</td>
                  <td className="num">{total.failed}</td>
                  <td className="muted small">
                    {total.enrolled > 0
                      ? `${((100 * total.completed) / total.enrolled).toFixed(1)}% overall`
                      : '—'}
                  </td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </section>
  );
}

const ROW_TONES: Record<string, Tone> = {
  ENROLLED: 'success',
  ALREADY_ENROLLED: 'neutral',
  ERROR: 'danger',
};

/** Emails pasted one per line, or separated by commas, semicolons or spaces. */
const splitEmails = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function BulkEnrol() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tracks = useQuery(trpc.catalog.listTracks.queryOptions({}));
  const [trackId, setTrackId] = useState('');
  const [mode, setMode] = useState<'emails' | 'csv'>('emails');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const { errors, setErrors, formError, setFormError, onError } = useFormErrors();
  const [result, setResult] = useState<BulkResult | null>(null);
  const bulk = useMutation(
    trpc.learning.bulkEnroll.mutationOptions({
      onSuccess: async (data) => {
        setResult(data);
        await queryClient.invalidateQueries(trpc.reports.pathFilter());
      },
      onError,
    }),
  );
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setResult(null);
    const input =
      mode === 'emails' ? { trackId, emails: splitEmails(text) } : { trackId, csv: text };
    const parsed = validate(ZBulkEnrollInput, input);
    if (!parsed.ok || !trackId) {
      const fieldErrors = parsed.ok ? {} : parsed.errors;
      setErrors({
        ...fieldErrors,
        ...(trackId ? {} : { trackId: 'Choose the track' }),
        ...(mode === 'emails' && input.emails?.length === 0
          ? { emails: 'Paste at least one email address' }
          : {}),
      });
      return;
    }
    setErrors({});
    bulk.mutate(parsed.data);
  };
  return (
    <section className="section" aria-labelledby="bulk-heading">
      <div className="section-header">
        <h2 id="bulk-heading">Bulk enrolment</h2>
      </div>
      <form
        onSubmit={submit}
        onChange={clearErrorOnEdit(setErrors)}
        noValidate
        className="card form"
        aria-label="Bulk enrolment"
      >
        <p className="muted small">
          Enrol many people in one track at once. Each address is checked on its own: people already
          enrolled are reported and left as they are.
        </p>
        <div className="form-grid">
          <Field label="Track" name="trackId" error={errors.trackId}>
            {(c) => (
              <select {...c} value={trackId} onChange={(e) => setTrackId(e.target.value)}>
                <option value="">{tracks.isPending ? 'Loading tracks…' : 'Choose…'}</option>
                {tracks.data?.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} — {label(t.type)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="choices inline-choices">
            <legend className="field-legend">Input</legend>
            <label className="checkbox">
              <input
                type="radio"
                name="bulk-mode"
                checked={mode === 'emails'}
                onChange={() => setMode('emails')}
              />
              <span>Paste email addresses</span>
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name="bulk-mode"
                checked={mode === 'csv'}
                onChange={() => setMode('csv')}
              />
              <span>CSV with an “email” column</span>
            </label>
          </fieldset>
          {mode === 'csv' && (
            <Field
              label="CSV file"
              hint={fileName ? `Loaded ${fileName}` : 'Or paste the CSV below.'}
            >
              {(c) => (
                <input
                  {...c}
                  type="file"
                  accept=".csv,text/csv"
                  onChange={(e) => void readFile(e)}
                />
              )}
            </Field>
          )}
          <Field
            label={mode === 'emails' ? 'Email addresses' : 'CSV text'}
            name={mode}
            error={mode === 'emails' ? errors.emails : errors.csv}
            hint={
              mode === 'emails'
                ? 'One per line, or separated by commas.'
                : 'The first line is the header, e.g. “email,name”.'
            }
            className="span-2"
          >
            {(c) => (
              <textarea
                {...c}
                className="mono"
                rows={6}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
        </div>
        <FormError message={formError ?? errors[''] ?? null} />
        <div className="form-actions">
          <Button type="submit" disabled={bulk.isPending}>
            {bulk.isPending ? 'Enrolling…' : 'Enrol'}
          </Button>
        </div>
      </form>
      {result && <BulkResultView result={result} />}
    </section>
  );
}

function BulkResultView({ result }: { result: BulkResult }) {
  const t = result.totals;
  return (
    <div className="csv-result" aria-live="polite">
      <div className="stat-row" role="group" aria-label="Bulk enrolment totals">
        <div className="stat">
          <div className="stat-value">{t.rows}</div>
          <div className="stat-label">rows</div>
        </div>
        <div className="stat">
          <div className="stat-value">{t.enrolled}</div>
          <div className="stat-label">enrolled</div>
        </div>
        <div className="stat">
          <div className="stat-value">{t.alreadyEnrolled}</div>
          <div className="stat-label">already enrolled</div>
        </div>
        <div className="stat">
          <div className={`stat-value${t.errors > 0 ? ' error' : ''}`}>{t.errors}</div>
          <div className="stat-label">errors</div>
        </div>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Result per row</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              <th scope="col">Email</th>
              <th scope="col">Result</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {result.results.map((r) => (
              <tr key={`${r.row}-${r.email}`}>
                <td className="num">{r.row}</td>
                <td className="mono">{r.email}</td>
                <td>
                  <Badge tone={ROW_TONES[r.status] ?? 'neutral'}>{label(r.status)}</Badge>
                </td>
                <td className="small">{r.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
