import { createHash } from 'node:crypto';
import { DomainError } from '@credence/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from './client-address.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Sign-in limits (after rate-limiter-flexible's login-protection recipe). Every attempt counts
 * as a failure before its password is checked, so parallel or batched guesses see each other;
 * a successful sign-in takes its attempt back.
 */
export const SIGN_IN_LIMITS = {
  /** Consecutive failures for one account from one address; a success starts again at 0. */
  accountFromAddress: { points: 10, duration: DAY, blockDuration: 15 * MINUTE },
  /**
   * Failures from one address, whatever the email — made-up ones included, each of which
   * still costs an Argon2 verification.
   */
  address: { points: 100, duration: DAY, blockDuration: DAY },
  /** Failures for one account from every address together… */
  account: { points: 20, duration: HOUR },
  /** …then a pause that doubles with each block within a day, from 1 minute up to 1 hour. */
  accountBackoff: { firstSeconds: MINUTE, maxSeconds: HOUR, memory: DAY },
  /** Set-password attempts (valid links or not) from one address. */
  setPassword: { points: 20, duration: HOUR, blockDuration: HOUR },
} as const;

/** A refused attempt; the router turns `retryAfterSeconds` into a Retry-After header. */
export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterMs: number, what = 'sign-in attempts') {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / MINUTE)} minutes`;
    super('AUTH.RATE_LIMITED', `Too many ${what}; try again in ${wait}`);
    this.retryAfterSeconds = seconds;
  }
}

/** Keys of bounded length: an address key (≤ 24 characters) and a hash of the email. */
export interface SignInKeys {
  address: string;
  account: string;
  accountFromAddress: string;
}

export function signInKeys(ip: string, email: string): SignInKeys {
  const address = addressKey(ip);
  const account = createHash('sha256').update(email).digest('base64url');
  return { address, account, accountFromAddress: `${address}|${account}` };
}

const TABLE = 'rate_limit';

function limiter(
  pool: unknown,
  keyPrefix: string,
  options: { points: number; duration: number; blockDuration?: number },
): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: TABLE,
    // Created by a migration; expired rows are removed by the worker's hourly purge.
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix,
    ...options,
  });
}

const isRefusal = (value: unknown): value is RateLimiterRes => value instanceof RateLimiterRes;

/** The sign-in and set-password limiters, on the ORM's own connection pool. */
export class AuthLimits {
  readonly #accountFromAddress: RateLimiterPostgres;
  readonly #address: RateLimiterPostgres;
  readonly #account: RateLimiterPostgres;
  readonly #accountBlocks: RateLimiterPostgres;
  readonly #setPassword: RateLimiterPostgres;

  constructor(pool: unknown) {
    const l = SIGN_IN_LIMITS;
    this.#accountFromAddress = limiter(pool, 'signin_pair', l.accountFromAddress);
    this.#address = limiter(pool, 'signin_addr', l.address);
    this.#account = limiter(pool, 'signin_acct', l.account);
    this.#accountBlocks = limiter(pool, 'signin_backoff', {
      points: 1_000_000,
      duration: l.accountBackoff.memory,
    });
    this.#setPassword = limiter(pool, 'setpw_addr', l.setPassword);
  }

  static #byPool = new WeakMap<object, AuthLimits>();

  /** The limits of the pool `em` runs on (one set per pool, created on first use). */
  static async of(em: EntityManager): Promise<AuthLimits> {
    const pool = await em.getConnection().getNativeClient();
    let limits = AuthLimits.#byPool.get(pool);
    if (!limits) {
      limits = new AuthLimits(pool);
      AuthLimits.#byPool.set(pool, limits);
    }
    return limits;
  }

  #pairs(keys: SignInKeys) {
    return [
      [this.#accountFromAddress, keys.accountFromAddress],
      [this.#address, keys.address],
      [this.#account, keys.account],
    ] as const;
  }

  /** Refuses at once, writing nothing, while any of the attempt's keys is blocked. */
  async assertNotBlocked(keys: SignInKeys): Promise<void> {
    const states = await Promise.all(this.#pairs(keys).map(([l, key]) => l.get(key)));
    const waits = states.flatMap((state, i) => {
      const points = this.#pairs(keys)[i]?.[0].points ?? 0;
      return state && state.consumedPoints > points ? [state.msBeforeNext] : [];
    });
    if (waits.length > 0) throw new RateLimitedError(Math.max(...waits));
  }

  /** Counts the attempt as a failure on every key; refuses it when one is over its limit. */
  async reserve(keys: SignInKeys): Promise<void> {
    const [pair, address, account] = await Promise.allSettled(
      this.#pairs(keys).map(([l, key]) => l.consume(key)),
    );
    const waits: number[] = [];
    for (const result of [pair, address, account]) {
      if (result?.status !== 'rejected') continue;
      if (!isRefusal(result.reason)) throw result.reason;
      // The consume that takes an account over its limit starts the account's next pause.
      const crossed =
        result === account && result.reason.consumedPoints === SIGN_IN_LIMITS.account.points + 1;
      waits.push(crossed ? await this.#blockAccount(keys.account) : result.reason.msBeforeNext);
    }
    if (waits.length > 0) throw new RateLimitedError(Math.max(...waits));
  }

  /** The account's n-th block within a day lasts 2^(n-1) minutes, at most an hour. */
  async #blockAccount(account: string): Promise<number> {
    const { firstSeconds, maxSeconds } = SIGN_IN_LIMITS.accountBackoff;
    const n = (await this.#accountBlocks.penalty(account)).consumedPoints;
    const seconds = Math.min(firstSeconds * 2 ** Math.min(n - 1, 20), maxSeconds);
    await this.#account.block(account, seconds);
    return seconds * 1000;
  }

  /** A successful sign-in: its attempt is taken back, and the pair's failures are forgotten. */
  async succeeded(keys: SignInKeys): Promise<void> {
    await Promise.all([
      this.#accountFromAddress.delete(keys.accountFromAddress),
      this.#address.reward(keys.address),
      this.#account.reward(keys.account),
    ]);
  }

  /** An attempt that was never checked (the server was busy) is taken back. */
  async release(keys: SignInKeys): Promise<void> {
    await Promise.all(this.#pairs(keys).map(([l, key]) => l.reward(key)));
  }

  /** One set-password attempt from `ip`. */
  async consumeSetPassword(ip: string): Promise<void> {
    try {
      await this.#setPassword.consume(addressKey(ip));
    } catch (error) {
      if (isRefusal(error)) throw new RateLimitedError(error.msBeforeNext, 'set-password attempts');
      throw error;
    }
  }
}
