import { initTRPC } from '@trpc/server';
import { DomainError, isInternalRole, type InternalRole } from '@credence/domain';
import type { Context, SessionUser } from './context.ts';
import { describeError, toTRPCError } from './errors.ts';
import { audit } from './modules/audit/service.ts';

/**
 * Every procedure declares who may call it; the authorization matrix test reads this.
 * - public: anyone; authed: any signed-in user; staff: internal users with one of the roles;
 * - staffOrClientAdmin: those staff roles, or a client ADMIN limited to their organisation.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authed' }
  | { kind: 'staff'; roles: readonly InternalRole[] }
  | { kind: 'staffOrClientAdmin'; roles: readonly InternalRole[] };

export interface Meta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never a stack in a response, whatever NODE_ENV says.
    isDev: false,
    /**
     * The error part of every response: tRPC's code and status, the typed code from the
     * domain's list (`appCode`), the input `field` it is about, zod's field messages, and for
     * unexpected errors a `reference` (also in the log line with the full error). The shape is
     * built here field by field, so nothing else of the error can slip into a response.
     */
    errorFormatter({ shape, error, path, type }) {
      const { message, data } = describeError(error, { procedure: path, type });
      return {
        code: shape.code,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: path ?? null,
          ...data,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

const base = t.procedure.use(mapErrors);

async function deny(
  ctx: Context,
  path: string,
  code: 'UNAUTHORIZED' | 'FORBIDDEN',
): Promise<never> {
  if (ctx.user) {
    await audit(ctx.em, ctx.user.id, 'access.denied', { targetType: 'procedure', targetId: path });
  }
  throw new DomainError(code === 'UNAUTHORIZED' ? 'AUTH.SIGN_IN_REQUIRED' : 'AUTH.FORBIDDEN');
}

export const publicProcedure = base.meta({ access: { kind: 'public' } });

export const authedProcedure = base
  .meta({ access: { kind: 'authed' } })
  .use(async ({ ctx, path, next }) => {
    if (!ctx.user) return deny(ctx, path, 'UNAUTHORIZED');
    return next({ ctx: { user: ctx.user } });
  });

export const ALL_STAFF: readonly InternalRole[] = [
  'PLATFORM_ADMIN',
  'IMPLEMENTATION_MANAGER',
  'CUSTOMER_SUCCESS',
];
/** Writing the catalog and assigning training. */
export const CATALOG_WRITERS: readonly InternalRole[] = [
  'PLATFORM_ADMIN',
  'IMPLEMENTATION_MANAGER',
];

export function staffProcedure(...roles: InternalRole[]) {
  const allowed = roles.length > 0 ? roles : ALL_STAFF;
  return base
    .meta({ access: { kind: 'staff', roles: allowed } })
    .use(async ({ ctx, path, next }) => {
      if (!ctx.user) return deny(ctx, path, 'UNAUTHORIZED');
      const role = ctx.user.role;
      if (!isInternalRole(role) || !allowed.includes(role)) return deny(ctx, path, 'FORBIDDEN');
      return next({ ctx: { user: ctx.user } });
    });
}

/**
 * What an administrator may see: everything (staff) or one organisation (client ADMIN).
 * Services take this scope and filter by it, so tenant isolation lives in one place.
 */
export type Scope =
  | { kind: 'all' }
  | {
      kind: 'organization';
      organizationId: string;
      /** who is asking, for the audit log */ actorId: string;
    };

export function scopeOf(user: SessionUser): Scope | null {
  if (isInternalRole(user.role)) return { kind: 'all' };
  if (user.role === 'ADMIN' && user.organizationId) {
    return { kind: 'organization', organizationId: user.organizationId, actorId: user.id };
  }
  return null;
}

export function clientAdminProcedure(...staffRoles: InternalRole[]) {
  const allowed = staffRoles.length > 0 ? staffRoles : ALL_STAFF;
  return base
    .meta({ access: { kind: 'staffOrClientAdmin', roles: allowed } })
    .use(async ({ ctx, path, next }) => {
      if (!ctx.user) return deny(ctx, path, 'UNAUTHORIZED');
      const role = ctx.user.role;
      const scope = scopeOf(ctx.user);
      const ok = isInternalRole(role) ? allowed.includes(role) : scope !== null;
      if (!ok || !scope) return deny(ctx, path, 'FORBIDDEN');
      return next({ ctx: { user: ctx.user, scope } });
    });
}
