import type { MikroORM } from '@mikro-orm/postgresql';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import { stringify } from 'csv-stringify/sync';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ZLearnerProgressExportInput, ZTrackSummaryInput } from '@credence/domain';
import { createContext, type Context } from '../context.ts';
import { toTRPCError } from '../errors.ts';
import { audit } from '../modules/audit/service.ts';
import { LEARNER_PROGRESS_COLUMNS, learnerProgressCsvRows } from '../modules/learning/export.ts';
import { TRACK_SUMMARY_COLUMNS } from '../modules/reports/dto.ts';
import { organizationLabel, trackSummary } from '../modules/reports/service.ts';
import { scopeOf, type Scope } from '../trpc.ts';

/** Plain-text error answers: these URLs are opened by browsers and scripts, not the tRPC client. */
function answer(res: Response, status: number, message: string): void {
  res.status(status).type('text/plain; charset=utf-8').send(message);
}

/**
 * The same rule as `clientAdminProcedure()`: any staff member, or a client ADMIN limited to
 * their organisation. Denials are audited like denied procedure calls.
 */
async function adminScope(ctx: Context, res: Response, target: string): Promise<Scope | null> {
  if (!ctx.user) {
    answer(res, 401, 'Sign in first');
    return null;
  }
  const scope = scopeOf(ctx.user);
  if (!scope) {
    await audit(ctx.em, ctx.user.id, 'access.denied', { targetType: 'export', targetId: target });
    answer(res, 403, 'You are not allowed to do this');
    return null;
  }
  return scope;
}

/** Query parameters as a procedure input: single values only; empty ones count as absent. */
function queryInput(req: Request): Record<string, unknown> {
  return Object.fromEntries(Object.entries(req.query).filter(([, value]) => value !== ''));
}

/**
 * Neutralises cells a spreadsheet would run as a formula (CSV injection): a leading
 * `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front.
 */
const safeCell = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** A CSV column: the row's key and the header people read. */
export interface CsvColumn {
  key: string;
  header: string;
}

function sendCsv(
  res: Response,
  name: string,
  rows: Record<string, unknown>[],
  columns: readonly CsvColumn[],
) {
  const day = new Date().toISOString().slice(0, 10);
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .setHeader('Content-Disposition', `attachment; filename="${name}-${day}.csv"`)
    .setHeader('Cache-Control', 'private, no-store')
    .send(
      stringify(rows, {
        header: true,
        columns: columns.map((c) => ({ key: c.key, header: c.header })),
        record_delimiter: 'windows',
        cast: { string: safeCell },
      }),
    );
}

/** Domain errors answer with their status (404, 403, 400); anything else is Express's 500. */
function handleError(res: Response, error: unknown): void {
  const mapped = toTRPCError(error);
  if (!(mapped instanceof TRPCError)) throw error;
  answer(res, getHTTPStatusCodeFromError(mapped), mapped.message);
}

/** `reports.trackSummary` as CSV; query parameters organizationId and trackId. */
async function trackSummaryCsv(orm: MikroORM, req: Request, res: Response): Promise<void> {
  const ctx = await createContext(orm.em, req, res);
  const scope = await adminScope(ctx, res, 'GET /exports/track-summary.csv');
  if (!scope) return;
  const input = ZTrackSummaryInput.safeParse(queryInput(req));
  if (!input.success) {
    answer(res, 400, z.prettifyError(input.error));
    return;
  }
  try {
    const rows = await trackSummary(ctx.em, scope, input.data);
    const organizationName = await organizationLabel(ctx.em, scope, input.data.organizationId);
    sendCsv(
      res,
      'track-summary',
      rows.map((row) => ({ ...row, organizationName })),
      TRACK_SUMMARY_COLUMNS,
    );
  } catch (error) {
    handleError(res, error);
  }
}

/**
 * `learning.listEnrollments` as CSV, every row: one per learner and track. Query parameters
 * organizationId, trackId and status; the same scope as the procedure.
 */
async function learnerProgressCsv(orm: MikroORM, req: Request, res: Response): Promise<void> {
  const ctx = await createContext(orm.em, req, res);
  const scope = await adminScope(ctx, res, 'GET /exports/learner-progress.csv');
  if (!scope) return;
  const input = ZLearnerProgressExportInput.safeParse(queryInput(req));
  if (!input.success) {
    answer(res, 400, z.prettifyError(input.error));
    return;
  }
  try {
    const rows = await learnerProgressCsvRows(ctx.em, scope, input.data, new Date());
    sendCsv(res, 'learner-progress', rows, LEARNER_PROGRESS_COLUMNS);
  } catch (error) {
    handleError(res, error);
  }
}

/** CSV exports under /exports, authorised by the same session cookie as the API. */
export function exportsRouter(orm: MikroORM): Router {
  const router = Router();
  router.get('/track-summary.csv', (req, res, next) => {
    trackSummaryCsv(orm, req, res).catch(next);
  });
  router.get('/learner-progress.csv', (req, res, next) => {
    learnerProgressCsv(orm, req, res).catch(next);
  });
  return router;
}
