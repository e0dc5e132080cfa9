import { auditRouter } from './modules/audit/router.ts';
import { authRouter } from './modules/auth/router.ts';
import { benchmarksRouter } from './modules/benchmarks/router.ts';
import { catalogRouter } from './modules/catalog/router.ts';
import { healthRouter } from './modules/health/router.ts';
import { learningRouter } from './modules/learning/router.ts';
import { organizationsRouter } from './modules/organizations/router.ts';
import { projectsRouter } from './modules/projects/router.ts';
import { quizzesRouter } from './modules/quizzes/router.ts';
import { reportsRouter } from './modules/reports/router.ts';
import { usersRouter } from './modules/users/router.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  organizations: organizationsRouter,
  catalog: catalogRouter,
  projects: projectsRouter,
  learning: learningRouter,
  quizzes: quizzesRouter,
  reports: reportsRouter,
  audit: auditRouter,
  benchmarks: benchmarksRouter,
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
