import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ZLoginInput } from '@credence/domain';
import { useTRPC } from '../trpc.ts';
import {
  Button,
  clearErrorOnEdit,
  FormError,
  InputField,
  useDocumentTitle,
  useFormErrors,
} from '../ui.tsx';

export function LoginPage() {
  useDocumentTitle('Sign in');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, setErrors, formError, setFormError, onError, check } = useFormErrors();
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async ({ user }) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        await queryClient.invalidateQueries();
      },
      onError,
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const data = check(ZLoginInput, { email, password });
    if (data) login.mutate(data);
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
        <InputField
          label="Email"
          name="email"
          error={errors.email}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
        />
        <InputField
          label="Password"
          name="password"
          error={errors.password}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <FormError message={formError} />
        <Button type="submit" disabled={login.isPending} className="btn-block">
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </main>
  );
}
