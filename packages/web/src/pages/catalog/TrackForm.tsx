import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  TRACK_LEVELS,
  TRACK_TYPES,
  ZTrackCreateInput,
  ZTrackUpdateInput,
  type TrackLevel,
  type TrackType,
} from '@credence/domain';
import { label, type Outputs } from '../../roles.ts';
import { useTRPC } from '../../trpc.ts';
import {
  Button,
  Checkbox,
  clearErrorOnEdit,
  Field,
  FormError,
  numberOrNull,
  serverErrors,
  validate,
  type FieldErrors,
} from '../../ui.tsx';

export type Track = Outputs['catalog']['getTrack'];

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);

/** Create a track (no `track`) or edit one; validated with the API's own schema. */
export function TrackForm(props: {
  track?: Track;
  onSaved: (track: Track) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = props.track;
  const [name, setName] = useState(t?.name ?? '');
  const [slug, setSlug] = useState(t?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(Boolean(t));
  const [description, setDescription] = useState(t?.description ?? '');
  const [type, setType] = useState<TrackType>(t?.type ?? 'CLIENT_EMPLOYEE');
  const [level, setLevel] = useState<TrackLevel>(t?.level ?? 'FOUNDATION');
  const [requiredForGoLive, setRequiredForGoLive] = useState(t?.requiredForGoLive ?? false);
  const [hours, setHours] = useState(t && !t.estimatedHoursDerived ? String(t.estimatedHours) : '');
  const [sortOrder, setSortOrder] = useState(String(t?.sortOrder ?? 0));
  const [validity, setValidity] = useState(String(t?.certificateValidityMonths ?? 24));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const onError = (error: unknown) => {
    const parsed = serverErrors(error);
    setErrors(parsed.errors);
    setFormError(parsed.message);
  };
  const onSuccess = async (saved: Track) => {
    await queryClient.invalidateQueries(trpc.catalog.pathFilter());
    props.onSaved(saved);
  };
  const create = useMutation(trpc.catalog.createTrack.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.catalog.updateTrack.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = {
      name,
      slug,
      description,
      type,
      level,
      requiredForGoLive,
      estimatedHours: numberOrNull(hours),
      sortOrder: numberOrNull(sortOrder) ?? 0,
      certificateValidityMonths: numberOrNull(validity) ?? Number.NaN,
    };
    setFormError(null);
    if (t) {
      const parsed = validate(ZTrackUpdateInput, { id: t.id, ...values });
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      update.mutate(parsed.data);
    } else {
      const parsed = validate(ZTrackCreateInput, values);
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      create.mutate(parsed.data);
    }
  };

  return (
    <form
      onSubmit={submit}
      onChange={clearErrorOnEdit(setErrors)}
      noValidate
      className="card form"
      aria-label={t ? 'Edit track' : 'New track'}
    >
      <div className="form-grid">
        <Field label="Name" name="name" error={errors.name}>
          {(c) => (
            <input
              {...c}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                if (!slugTouched) {
                  setSlug(slugify(e.target.value));
                  setErrors((errs) => ({ ...errs, slug: undefined }));
                }
              }}
            />
          )}
        </Field>
        <Field
          label="Slug"
          name="slug"
          error={errors.slug}
          hint="Used in links; lowercase letters, digits, dashes."
        >
          {(c) => (
            <input
              {...c}
              className="mono"
              value={slug}
              onChange={(e) => {
                setSlug(e.target.value);
                setSlugTouched(true);
              }}
            />
          )}
        </Field>
        <Field label="Description" name="description" error={errors.description} className="span-2">
          {(c) => (
            <textarea
              {...c}
              rows={3}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
        <Field label="Audience" name="type" error={errors.type} hint="Decides who may enrol.">
          {(c) => (
            <select {...c} value={type} onChange={(e) => setType(e.target.value as TrackType)}>
              {TRACK_TYPES.map((v) => (
                <option key={v} value={v}>
                  {label(v)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Level" name="level" error={errors.level}>
          {(c) => (
            <select {...c} value={level} onChange={(e) => setLevel(e.target.value as TrackLevel)}>
              {TRACK_LEVELS.map((v) => (
                <option key={v} value={v}>
                  {label(v)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Estimated hours"
          name="estimatedHours"
          error={errors.estimatedHours}
          hint="Leave empty to derive it from the courses."
        >
          {(c) => (
            <input
              {...c}
              type="number"
              inputMode="numeric"
              min={1}
              value={hours}
              onChange={(e) => setHours(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Certificate validity (months)"
          name="certificateValidityMonths"
          error={errors.certificateValidityMonths}
        >
          {(c) => (
            <input
              {...c}
              type="number"
              inputMode="numeric"
              min={1}
              max={120}
              value={validity}
              onChange={(e) => setValidity(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Sort order"
          name="sortOrder"
          error={errors.sortOrder}
          hint="Lower numbers are listed first."
        >
          {(c) => (
            <input
              {...c}
              type="number"
              inputMode="numeric"
              min={0}
              value={sortOrder}
              onChange={(e) => setSortOrder(e.target.value)}
            />
          )}
        </Field>
        <div className="field align-end">
          <Checkbox
            label="Required for go-live"
            hint="Projects cannot go live until their assignments of this track are complete."
            checked={requiredForGoLive}
            onChange={setRequiredForGoLive}
          />
        </div>
      </div>
      <FormError message={formError} />
      <div className="form-actions">
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : t ? 'Save changes' : 'Create track'}
        </Button>
      </div>
    </form>
  );
}
