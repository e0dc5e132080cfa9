import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Component,
  lazy,
  Suspense,
  useEffect,
  useRef,
  type ComponentType,
  type ErrorInfo,
  type ReactNode,
} from 'react';
import { LoginPage } from './pages/Login.tsx';
import { MyTrainingArea } from './pages/MyTraining.tsx';
import { homeFor, label, navFor, type Area, type Me } from './roles.ts';
import { Link, navigate, pathOf, useLocation } from './router.tsx';
import { useTRPC } from './trpc.ts';
import { Button, Empty, ErrorMessage, Loading, useDocumentTitle } from './ui.tsx';

/** What every area receives: who is signed in and the current path. */
export interface AreaProps {
  me: Me;
  path: string;
  location: string;
}

// Staff and admin areas load on demand, so the login and learner pages stay light (B5).
const areas: Record<Exclude<Area, 'training'>, ComponentType<AreaProps>> = {
  catalog: lazy(() => import('./pages/catalog/CatalogArea.tsx')),
  organisations: lazy(() => import('./pages/admin/OrganisationsArea.tsx')),
  people: lazy(() => import('./pages/admin/PeopleArea.tsx')),
  projects: lazy(() => import('./pages/projects/ProjectsArea.tsx')),
  reports: lazy(() => import('./pages/reports/ReportsArea.tsx')),
};

const AREA_PREFIX: Record<string, Area> = {
  training: 'training',
  catalog: 'catalog',
  organisations: 'organisations',
  people: 'people',
  projects: 'projects',
  reports: 'reports',
};

function NotFound({ me }: { me: Me }) {
  useDocumentTitle('Page not found');
  return (
    <Empty title="This page does not exist, or you do not have access to it.">
      <Link to={homeFor(me.role)}>Go to your start page</Link>
    </Empty>
  );
}

/**
 * A page that throws while rendering, or a page chunk that fails to load (a new release
 * replaced it), shows a way out instead of a blank screen.
 */
class PageErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="alert alert-error" role="alert">
        <span>This page could not be shown. Reloading usually fixes it.</span>
        <Button variant="secondary" size="small" onClick={() => window.location.reload()}>
          Reload
        </Button>
      </div>
    );
  }
}

function Content({ me, location }: { me: Me; location: string }) {
  const path = pathOf(location);
  const area = AREA_PREFIX[path.split('/')[1] ?? ''];
  const allowed = navFor(me.role).some((item) => item.area === area);
  if (!area || !allowed) return <NotFound me={me} />;
  if (area === 'training') return <MyTrainingArea me={me} path={path} location={location} />;
  const AreaPage = areas[area];
  return (
    <Suspense fallback={<Loading />}>
      <AreaPage me={me} path={path} location={location} />
    </Suspense>
  );
}

function Shell({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const location = useLocation();
  const path = pathOf(location);
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(path);

  useEffect(() => {
    if (path === '/') navigate(homeFor(me.role), { replace: true });
  }, [path, me.role]);

  // Move focus to the new page after a client-side navigation (not on the first render).
  useEffect(() => {
    if (firstPath.current === path) return;
    firstPath.current = '';
    mainRef.current?.focus({ preventScroll: true });
  }, [path]);

  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.removeQueries({
          predicate: (query) => query.queryHash !== JSON.stringify(trpc.auth.me.queryKey()),
        });
        queryClient.setQueryData(trpc.auth.me.queryKey(), null);
        navigate('/', { replace: true });
      },
    }),
  );

  const nav = navFor(me.role);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to={homeFor(me.role)} className="brand">
            <span className="logo" aria-hidden="true">
              C
            </span>
            Credence
          </Link>
          <nav aria-label="Main" className="mainnav">
            <ul>
              {nav.map((item) => {
                const current = path === item.to || path.startsWith(`${item.to}/`);
                return (
                  <li key={item.to}>
                    <Link to={item.to} aria-current={current ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="who">
            <div className="who-text">
              <span className="who-name">{me.name}</span>
              <span className="who-meta">
                {label(me.role)}
                {me.organizationName ? ` · ${me.organizationName}` : ''}
              </span>
            </div>
            <Button
              variant="secondary"
              size="small"
              onClick={() => logout.mutate()}
              disabled={logout.isPending}
            >
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="content">
        <PageErrorBoundary key={path}>
          <Content me={me} location={location} />
        </PageErrorBoundary>
      </main>
    </div>
  );
}

export function App() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) return <Loading />;
  if (me.isError)
    return (
      <main className="login" id="main">
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  if (!me.data) return <LoginPage />;
  return <Shell me={me.data} />;
}
