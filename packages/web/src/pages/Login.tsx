import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ZLoginInput } from '@credence/domain';
import { useTRPC } from '../trpc.ts';
import {
  Button,
  clearErrorOnEdit,
  Field,
  FormError,
  serverErrors,
  useDocumentTitle,
  validate,
} from '../ui.tsx';
import type { FieldErrors } from '../ui.tsx';

export function LoginPage() {
  useDocumentTitle('Sign in');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async ({ user }) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        await queryClient.invalidateQueries();
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
    const parsed = validate(ZLoginInput, { email, password });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setFormError(null);
      return;
    }
    setErrors({});
    setFormError(null);
    login.mutate(parsed.data);
  };
  return (
    <main className="login" id="main">
      <div className="login-brand">
        <span className="logo" aria-hidden="true">
          C
        </span>
        <div>
          <h1>Credence</h1>
          <p className="muted">Training, certification and peer benchmarks</p>
        </div>
      </div>
      <form
        onSubmit={submit}
        onChange={clearErrorOnEdit(setErrors)}
        noValidate
        aria-label="Sign in"
        className="stack"
      >
        <Field label="Email" name="email" error={errors.email}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password" name="password" error={errors.password}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <FormError message={formError} />
        <Button type="submit" disabled={login.isPending} className="btn-block">
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </main>
  );
}
