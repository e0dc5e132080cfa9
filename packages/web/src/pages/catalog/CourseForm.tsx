import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ZCourseCreateInput, ZCourseUpdateInput } from '@credence/domain';
import { useTRPC } from '../../trpc.ts';
import {
  Checkbox,
  clearErrorOnEdit,
  Field,
  FormActions,
  InputField,
  NumberField,
  numberOrNull,
  useFormErrors,
} from '../../ui.tsx';
import type { Track } from './TrackForm.tsx';

export type Course = Track['courses'][number];

/** Add a course to a track (no `course`) or edit one. */
export function CourseForm(props: {
  trackId: string;
  course?: Course;
  onSaved: (course: Course) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const c0 = props.course;
  const [name, setName] = useState(c0?.name ?? '');
  const [description, setDescription] = useState(c0?.description ?? '');
  const [contentUrl, setContentUrl] = useState(c0?.contentUrl ?? '');
  const [minutes, setMinutes] = useState(c0 ? String(c0.estimatedMinutes) : '30');
  const [isRequired, setIsRequired] = useState(c0?.isRequired ?? true);
  const { errors, setErrors, formError, setFormError, onError, check } = useFormErrors();

  const onSuccess = async (saved: Course) => {
    await queryClient.invalidateQueries(trpc.catalog.pathFilter());
    props.onSaved(saved);
  };
  const create = useMutation(trpc.catalog.createCourse.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.catalog.updateCourse.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = {
      name,
      description,
      contentUrl: contentUrl.trim(),
      estimatedMinutes: numberOrNull(minutes) ?? Number.NaN,
      isRequired,
    };
    setFormError(null);
    if (c0) {
      const data = check(ZCourseUpdateInput, { id: c0.id, ...values });
      if (data) update.mutate(data);
    } else {
      const data = check(ZCourseCreateInput, { trackId: props.trackId, ...values });
      if (data) create.mutate(data);
    }
  };

  return (
    <form
      onSubmit={submit}
      onChange={clearErrorOnEdit(setErrors)}
      noValidate
      className="stack"
      aria-label={c0 ? 'Edit course' : 'Add course'}
    >
      <InputField
        label="Course name"
        name="name"
        error={errors.name}
        value={name}
        onChange={setName}
      />
      <Field label="Description" name="description" error={errors.description}>
        {(c) => (
          <textarea
            {...c}
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <InputField
        label="Content link"
        name="contentUrl"
        error={errors.contentUrl}
        hint="The LMS page or video learners open (http or https)."
        type="url"
        inputMode="url"
        placeholder="https://"
        value={contentUrl}
        onChange={setContentUrl}
      />
      <NumberField
        label="Estimated minutes"
        name="estimatedMinutes"
        error={errors.estimatedMinutes}
        min={1}
        value={minutes}
        onChange={setMinutes}
      />
      <Checkbox
        label="Required for completing the track"
        hint="Optional courses never block completion."
        checked={isRequired}
        onChange={setIsRequired}
      />
      <FormActions
        error={formError}
        pending={pending}
        submitLabel={c0 ? 'Save course' : 'Add course'}
        onCancel={props.onCancel}
      />
    </form>
  );
}
