import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AuditListInput } from '@credence/domain';
import { db } from '../../db/sql.ts';
import type { AuditEntryDto } from './dto.ts';

/**
 * The audit log for staff, newest first by default: filtered by action, actor, target and days
 * (UTC, both included), paged, with the actor's name and email, in one statement (a second
 * only for a page past the end, to learn the total).
 */
export async function listAudit(
  em: EntityManager,
  input: AuditListInput,
): Promise<{ items: AuditEntryDto[]; total: number }> {
  const direction = input.direction === 'asc' ? sql`asc` : sql`desc`;
  const page = (limit: number, offset: number) =>
    db(em)
      .selectFrom('audit_log as l')
      .leftJoin('app_user as u', 'u.id', 'l.actor_id')
      .select([
        sql<string>`l.id::text`.as('id'),
        'l.at',
        'l.actor_id',
        'u.name as actor_name',
        'u.email as actor_email',
        'l.action',
        'l.target_type',
        'l.target_id',
        'l.details',
        sql<number>`(count(*) over ())::int`.as('total'),
      ])
      .where((eb) => {
        const where: Expression<SqlBool>[] = [];
        if (input.action !== undefined) where.push(eb('l.action', '=', input.action));
        if (input.actorId !== undefined) where.push(eb('l.actor_id', '=', input.actorId));
        if (input.targetType !== undefined) where.push(eb('l.target_type', '=', input.targetType));
        if (input.targetId !== undefined) where.push(eb('l.target_id', '=', input.targetId));
        if (input.from !== undefined) {
          where.push(eb('l.at', '>=', sql<string>`${input.from}::date::timestamptz`));
        }
        if (input.to !== undefined) {
          where.push(eb('l.at', '<', sql<string>`(${input.to}::date + 1)::timestamptz`));
        }
        return eb.and(where);
      })
      .orderBy(sql`l.at ${direction}`)
      .orderBy(sql`l.id ${direction}`)
      .limit(limit)
      .offset(offset)
      .execute();
  const rows = await page(input.limit, input.offset);
  const total = rows[0]?.total ?? (input.offset > 0 ? ((await page(1, 0))[0]?.total ?? 0) : 0);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id ?? null,
      actorName: r.actor_name ?? null,
      actorEmail: r.actor_email ?? null,
      action: r.action,
      targetType: r.target_type ?? null,
      targetId: r.target_id ?? null,
      details: r.details ?? null,
    })),
  };
}
