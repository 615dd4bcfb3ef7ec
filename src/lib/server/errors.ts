/**
 * Errors the domain throws and routes map to answers. `message` is a message key
 * (see src/lib/i18n/messages), so the route can show it in the reader's language.
 */
export class DomainError extends Error {
	constructor(
		message: string,
		readonly params: Record<string, string | number> = {}
	) {
		super(message);
		this.name = new.target.name;
	}
}
export class NotFoundError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class ConflictError extends DomainError {}
/** Bad input found by a rule the schema cannot see (e.g. "that email is taken"). */
export class ValidationError extends DomainError {
	constructor(
		readonly field: string,
		message: string,
		params: Record<string, string | number> = {}
	) {
		super(message, params);
	}
}
export class RateLimitError extends DomainError {
	constructor(readonly retryAt: Date) {
		super('error_rate_limited');
	}
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
	const e = error as { code?: string; constraint?: string } | null;
	return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
