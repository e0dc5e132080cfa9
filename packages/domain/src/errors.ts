/**
 * The one error type of the domain. It carries a dotted code (`QUIZ.INVALID_ANSWER`) and
 * no HTTP knowledge: the API maps codes to transport errors in one place.
 */
export class DomainError extends Error {
  readonly code: string;

  constructor(code: string, message?: string) {
    super(message ?? code);
    this.name = 'DomainError';
    this.code = code;
  }
}

/**
 * Duck-typed check, because the package can be loaded twice (source and dist builds under
 * different export conditions) and then `instanceof` gives false negatives.
 */
export function isDomainError(value: unknown): value is DomainError {
  if (value instanceof DomainError) return true;
  if (!(value instanceof Error) || value.name !== 'DomainError') return false;
  return 'code' in value && typeof value.code === 'string';
}
