import {
  useEffect,
  useId,
  useRef,
  useState,
  type ReactNode,
  type AriaAttributes,
  type ComponentProps,
  type InputHTMLAttributes,
  type ButtonHTMLAttributes,
  type Dispatch,
  type FormEvent,
  type SetStateAction,
} from 'react';
import type { z } from 'zod';
import { parseAppError } from './trpc.ts';
import { label } from './roles.ts';
import { Link } from './router.tsx';

// ---------------------------------------------------------------------------------------------
// Page furniture

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Credence` : 'Credence';
  }, [title]);
}

export function PageHeader(props: {
  title: string;
  subtitle?: ReactNode;
  back?: { to: string; label: string };
  actions?: ReactNode;
}) {
  useDocumentTitle(props.title);
  return (
    <div className="page-header">
      {props.back && (
        <Link className="back" to={props.back.to}>
          ← {props.back.label}
        </Link>
      )}
      <div className="page-header-row">
        <div>
          <h1>{props.title}</h1>
          {props.subtitle && <p className="muted subtitle">{props.subtitle}</p>}
        </div>
        {props.actions && <div className="actions">{props.actions}</div>}
      </div>
    </div>
  );
}

export function Loading({ label: text = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {text}
    </p>
  );
}

/** An error a person can act on: what went wrong, and a retry when retrying can help. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <span>{parseAppError(error).message}</span>
      {onRetry && (
        <button type="button" className="btn-secondary btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

/** A short confirmation after a change, announced to screen readers. */
export function Notice({ message, onClose }: { message: string | null; onClose: () => void }) {
  useEffect(() => {
    const timer = message ? setTimeout(onClose, 6000) : undefined;
    return () => clearTimeout(timer);
  }, [message, onClose]);
  return (
    <div role="status" aria-live="polite" className={message ? 'notice' : 'visually-hidden'}>
      {message}
    </div>
  );
}

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const STATUS_TONES: Record<string, Tone> = {
  NOT_STARTED: 'neutral',
  IN_PROGRESS: 'info',
  COMPLETED: 'success',
  FAILED: 'danger',
  ACTIVE: 'success',
  ONBOARDING: 'info',
  CHURNED: 'neutral',
  SANDBOX: 'warning',
  PLANNING: 'neutral',
  LIVE: 'success',
  ON_HOLD: 'warning',
  CANCELLED: 'neutral',
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? 'neutral'}>{label(status)}</Badge>;
}

export function ProgressBar({ value, label: text }: { value: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress-wrap">
      <div
        className="progress"
        role="progressbar"
        aria-label={text}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={clamped}
      >
        <div
          className={`progress-fill${clamped === 100 ? ' done' : ''}`}
          style={{ width: `${clamped}%` }}
        />
      </div>
      <span className="progress-text">{clamped}%</span>
    </div>
  );
}

export function Button({
  variant = 'primary',
  size,
  className,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  size?: 'small';
}) {
  const classes = [
    variant === 'primary' ? '' : `btn-${variant}`,
    size ? `btn-${size}` : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  // oxlint-disable-next-line react/button-has-type -- the type is a prop with a safe default
  return <button type={type} className={classes || undefined} {...rest} />;
}

// ---------------------------------------------------------------------------------------------
// Forms: the same zod schema as the API validates on the client; server field errors come
// through parseAppError.

export type FieldErrors = Record<string, string | undefined>;

/** Field errors keyed by the dotted path (`questions.0.prompt`); `''` is the whole form. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * A form's onChange: editing a field clears that field's message (the `name` of the input is
 * its key), so a corrected field stops looking wrong before the next submit.
 */
export function clearErrorOnEdit(setErrors: Dispatch<SetStateAction<FieldErrors>>) {
  return (event: FormEvent<HTMLFormElement>) => {
    const target = event.target;
    const name =
      target instanceof HTMLInputElement ||
      target instanceof HTMLSelectElement ||
      target instanceof HTMLTextAreaElement
        ? target.name
        : '';
    if (name) setErrors((errors) => (errors[name] ? { ...errors, [name]: undefined } : errors));
  };
}

/** The server's answer as a form message plus per-field messages. */
export function serverErrors(error: unknown): { message: string; errors: FieldErrors } {
  const { message, fields } = parseAppError(error);
  const errors: FieldErrors = {};
  for (const [key, messages] of Object.entries(fields)) errors[key] = messages?.[0];
  return { message, errors };
}

/**
 * A form's messages: per-field `errors` and the form's own `formError`. `onError` is the
 * mutations' error handler; `check` validates with the schema and shows its messages, giving
 * the data when it is valid and null when not.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const onError = (error: unknown) => {
    const parsed = serverErrors(error);
    setErrors(parsed.errors);
    setFormError(parsed.message);
  };
  const check = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null => {
    const parsed = validate(schema, value);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return null;
    }
    setErrors({});
    return parsed.data;
  };
  return { errors, setErrors, formError, setFormError, onError, check };
}

type ControlProps = {
  id: string;
  name: string | undefined;
  'aria-invalid': AriaAttributes['aria-invalid'];
  'aria-describedby': string | undefined;
};

export function Field(props: {
  label: string;
  /** The input's key in the schema (and its `name`), so editing it can clear its error. */
  name?: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.className ? ` ${props.className}` : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        name: props.name,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {props.hint && (
        <span id={hintId} className="hint">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={errorId} className="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

export function Checkbox(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>
        {props.label}
        {props.hint && <span className="hint block">{props.hint}</span>}
      </span>
    </label>
  );
}

export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="alert alert-error" role="alert">
      {message}
    </p>
  );
}

/** An `<input>` in a field, its text kept by the caller (`onChange` gets the new text). */
export function InputField({
  label: text,
  name,
  error,
  hint,
  onChange,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'value' | 'onChange'> & {
  label: string;
  name?: string;
  error?: string | undefined;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={text} name={name} error={error} hint={hint}>
      {(c) => <input {...c} {...input} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A whole-number field; the text stays as typed (`numberOrNull` reads it). */
export function NumberField(props: ComponentProps<typeof InputField> & { min: number }) {
  return <InputField type="number" inputMode="numeric" {...props} />;
}

/** A `<select>` of an enum's values in a field, shown by their labels. */
export function EnumField<T extends string>(props: {
  label: string;
  name?: string;
  error: string | undefined;
  hint?: ReactNode;
  values: readonly T[];
  value: T;
  onChange: (value: T) => void;
  disabled?: boolean;
}) {
  return (
    <Field label={props.label} name={props.name} error={props.error} hint={props.hint}>
      {(c) => (
        <select
          {...c}
          value={props.value}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.value as T)}
        >
          <EnumOptions values={props.values} />
        </select>
      )}
    </Field>
  );
}

/** The `<option>`s of an enum's values, shown by their labels. */
export function EnumOptions({ values }: { values: readonly string[] }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </>
  );
}

/** The `<option>`s of records chosen by id and shown by name (organisations). */
export function NamedOptions({
  items,
}: {
  items: readonly { id: string; name: string }[] | undefined;
}) {
  return (
    <>
      {items?.map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}

/** A form's end: its message, then Cancel and the submit button (`pendingLabel` while busy). */
export function FormActions(props: {
  error: string | null | undefined;
  pending: boolean;
  submitLabel: string;
  pendingLabel?: string;
  onCancel: () => void;
  /** `form-actions` for a form on a page; dialogs use the default. */
  className?: string;
}) {
  return (
    <>
      <FormError message={props.error} />
      <div className={props.className ?? 'dialog-actions'}>
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={props.pending}>
          {props.pending ? (props.pendingLabel ?? 'Saving…') : props.submitLabel}
        </Button>
      </div>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Filter bars above lists

export function SearchFilter(props: {
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="inline">
      Search
      <input
        type="search"
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

/** A select whose empty value (`any`, e.g. "All tracks") does not filter. */
export function FilterSelect<T extends string>(props: {
  label: string;
  any: string;
  value: T | '';
  onChange: (value: T | '') => void;
  children: ReactNode;
}) {
  return (
    <label className="inline">
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as T | '')}>
        <option value="">{props.any}</option>
        {props.children}
      </select>
    </label>
  );
}

/** Staff lists filter by client organisation. */
export function OrganisationFilter(props: {
  organizations: readonly { id: string; name: string }[] | undefined;
  value: string;
  onChange: (organizationId: string) => void;
}) {
  return (
    <FilterSelect
      label="Organisation"
      any="All organisations"
      value={props.value}
      onChange={props.onChange}
    >
      <NamedOptions items={props.organizations} />
    </FilterSelect>
  );
}

/** A number input's text as a number, or null when empty (the schema says what is allowed). */
export function numberOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : Number.NaN;
}

// ---------------------------------------------------------------------------------------------
// Dialogs: the native <dialog> traps focus, closes on Escape and restores focus.

export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    const cancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog?.addEventListener('cancel', cancel);
    return () => dialog?.removeEventListener('cancel', cancel);
  }, [onClose]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} className={props.wide ? 'wide' : undefined}>
      {props.open && (
        <>
          <h2 id={titleId}>{props.title}</h2>
          {props.children}
        </>
      )}
    </dialog>
  );
}

export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={props.open} title={props.title} onClose={props.onCancel}>
      <div className="dialog-body">{props.children}</div>
      {props.error ? <ErrorMessage error={props.error} /> : null}
      <div className="dialog-actions">
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button
          variant={props.danger ? 'danger' : 'primary'}
          onClick={props.onConfirm}
          disabled={props.pending}
        >
          {props.pending ? 'Working…' : props.confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  // Calendar dates ('2026-03-31') are days, not instants: show them as written.
  const calendarDay = value.length === 10;
  const date = new Date(calendarDay ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(calendarDay ? { timeZone: 'UTC' } : {}),
  });
}
