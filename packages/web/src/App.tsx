import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ZLoginInput } from '@credence/domain';
import { parseAppError, useTRPC } from './trpc.ts';

function LoginPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
      onError: (error) => setFormError(parseAppError(error).message),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZLoginInput.safeParse({ email, password });
    if (!parsed.success) {
      setFormError(parsed.error.issues[0]?.message ?? 'Check the form');
      return;
    }
    setFormError(null);
    login.mutate(parsed.data);
  };
  return (
    <main className="login">
      <h1>Credence</h1>
      <p className="muted">Training, certification and peer benchmarks</p>
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {formError && (
          <p role="alert" className="error">
            {formError}
          </p>
        )}
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

export function App() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  if (me.isPending) return <p className="muted center">Loading…</p>;
  if (me.isError)
    return (
      <p role="alert" className="error center">
        {parseAppError(me.error).message}
      </p>
    );
  if (!me.data) return <LoginPage />;
  return (
    <div className="shell">
      <header>
        <strong>Credence</strong>
        <span className="muted">
          {me.data.name} · {me.data.role}
          {me.data.organizationName ? ` · ${me.data.organizationName}` : ''}
        </span>
        <button type="button" onClick={() => logout.mutate()}>
          Sign out
        </button>
      </header>
      <main>
        <h1>Welcome, {me.data.name}</h1>
      </main>
    </div>
  );
}
