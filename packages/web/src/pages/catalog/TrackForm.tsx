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
import type { Outputs } from '../../roles.ts';
import { useTRPC } from '../../trpc.ts';
import {
  Checkbox,
  clearErrorOnEdit,
  EnumField,
  Field,
  FormActions,
  InputField,
  NumberField,
  numberOrNull,
  useFormErrors,
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
  const { errors, setErrors, formError, setFormError, onError, check } = useFormErrors();

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
      const data = check(ZTrackUpdateInput, { id: t.id, ...values });
      if (data) update.mutate(data);
    } else {
      const data = check(ZTrackCreateInput, values);
      if (data) create.mutate(data);
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
        <InputField
          label="Name"
          name="name"
          error={errors.name}
          value={name}
          onChange={(value) => {
            setName(value);
            if (!slugTouched) {
              setSlug(slugify(value));
              setErrors((errs) => ({ ...errs, slug: undefined }));
            }
          }}
        />
        <InputField
          label="Slug"
          name="slug"
          error={errors.slug}
          hint="Used in links; lowercase letters, digits, dashes."
          className="mono"
          value={slug}
          onChange={(value) => {
            setSlug(value);
            setSlugTouched(true);
          }}
        />
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
        <EnumField
          label="Audience"
          name="type"
          error={errors.type}
          hint="Decides who may enrol."
          values={TRACK_TYPES}
          value={type}
          onChange={setType}
        />
        <EnumField
          label="Level"
          name="level"
          error={errors.level}
          values={TRACK_LEVELS}
          value={level}
          onChange={setLevel}
        />
        <NumberField
          label="Estimated hours"
          name="estimatedHours"
          error={errors.estimatedHours}
          hint="Leave empty to derive it from the courses."
          min={1}
          value={hours}
          onChange={setHours}
        />
        <NumberField
          label="Certificate validity (months)"
          name="certificateValidityMonths"
          error={errors.certificateValidityMonths}
          min={1}
          max={120}
          value={validity}
          onChange={setValidity}
        />
        <NumberField
          label="Sort order"
          name="sortOrder"
          error={errors.sortOrder}
          hint="Lower numbers are listed first."
          min={0}
          value={sortOrder}
          onChange={setSortOrder}
        />
        <div className="field align-end">
          <Checkbox
            label="Required for go-live"
            hint="Projects cannot go live until their assignments of this track are complete."
            checked={requiredForGoLive}
            onChange={setRequiredForGoLive}
          />
        </div>
      </div>
      <FormActions
        className="form-actions"
        error={formError}
        pending={pending}
        submitLabel={t ? 'Save changes' : 'Create track'}
        onCancel={props.onCancel}
      />
    </form>
  );
}
