import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types as TypeScript sees them (camelCase through CamelCasePlugin). */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type Role = 'learner' | 'author' | 'facilitator' | 'admin';
export type Locale = 'en' | 'ru';
export type OrganisationType =
	| 'cso'
	| 'university'
	| 'training_centre'
	| 'government'
	| 'international'
	| 'business';
export type MailStatus = 'queued' | 'sent' | 'failed';

export interface OrganisationTable {
	id: Generated<string>;
	name: string;
	type: OrganisationType;
	country: string;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export interface AppUserTable {
	id: Generated<string>;
	email: string;
	name: string;
	passwordHash: string;
	country: string;
	organisationId: string | null;
	locale: ColumnType<Locale, Locale | undefined, Locale>;
	role: ColumnType<Role, Role | undefined, Role>;
	deactivatedAt: Date | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export interface UserSessionTable {
	id: string;
	userId: string;
	expiresAt: Date;
	createdAt: CreatedAt;
}

export interface PasswordResetTable {
	id: string;
	userId: string;
	expiresAt: Date;
	usedAt: Date | null;
	createdAt: CreatedAt;
}

export interface RateLimitTable {
	key: string;
	windowStart: Timestamp;
	hits: ColumnType<number, number | undefined, number>;
}

export interface MailOutboxTable {
	id: Generated<string>;
	kind: string;
	toAddress: string;
	toName: string;
	locale: Locale;
	subject: string;
	bodyText: string;
	status: ColumnType<MailStatus, MailStatus | undefined, MailStatus>;
	attempts: ColumnType<number, number | undefined, number>;
	nextAttemptAt: Timestamp;
	lastError: string | null;
	sentAt: Date | null;
	createdAt: CreatedAt;
}

export interface DB {
	organisation: OrganisationTable;
	appUser: AppUserTable;
	userSession: UserSessionTable;
	passwordReset: PasswordResetTable;
	rateLimit: RateLimitTable;
	mailOutbox: MailOutboxTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type User = Selectable<AppUserTable>;
export type NewUser = Insertable<AppUserTable>;
export type UserUpdate = Updateable<AppUserTable>;
export type MailMessage = Selectable<MailOutboxTable>;
