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

export type CourseStatus = 'draft' | 'published' | 'archived';
export type CourseLevel = 'introductory' | 'intermediate' | 'advanced';
export type Licence = 'CC-BY-4.0' | 'CC-BY-SA-4.0' | 'CC-BY-NC-SA-4.0' | 'all-rights-reserved';
export type LessonItemKind = 'text';

export interface CourseTable {
	id: Generated<string>;
	slug: string;
	title: string;
	summary: ColumnType<string, string | undefined, string>;
	description: ColumnType<string, string | undefined, string>;
	language: string;
	thematicAreas: ColumnType<string[], string[] | undefined, string[]>;
	level: ColumnType<CourseLevel, CourseLevel | undefined, CourseLevel>;
	estimatedHours: ColumnType<number, number | undefined, number>;
	/** jsonb array of strings */
	outcomes: ColumnType<string[], string | undefined, string>;
	licence: ColumnType<Licence, Licence | undefined, Licence>;
	organisationId: string | null;
	/** jsonb array of names */
	authors: ColumnType<string[], string | undefined, string>;
	coverAssetId: string | null;
	status: ColumnType<CourseStatus, CourseStatus | undefined, CourseStatus>;
	publishedAt: Date | null;
	sourceHash: string | null;
	createdBy: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
	searchDocument: ColumnType<string, never, never>;
}

export interface CourseModuleTable {
	id: Generated<string>;
	courseId: string;
	slug: string;
	title: string;
	summary: ColumnType<string, string | undefined, string>;
	position: number;
}

export interface LessonTable {
	id: Generated<string>;
	courseId: string;
	moduleId: string;
	slug: string;
	title: string;
	position: number;
	estimatedMinutes: ColumnType<number, number | undefined, number>;
	required: ColumnType<boolean, boolean | undefined, boolean>;
	videoUrl: string | null;
	videoAssetId: string | null;
	updatedAt: Timestamp;
}

export interface LessonItemTable {
	id: Generated<string>;
	lessonId: string;
	position: number;
	kind: LessonItemKind;
	body: ColumnType<string, string | undefined, string>;
	/** jsonb, per kind */
	data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface AssetTable {
	id: Generated<string>;
	courseId: string | null;
	/** The file's path within its course, e.g. "assets/basin-map.png". */
	path: string;
	contentType: string;
	size: number;
	sha256: string;
	data: Uint8Array;
	createdBy: string | null;
	createdAt: CreatedAt;
}

export interface LessonAttachmentTable {
	lessonId: string;
	assetId: string;
	position: number;
	title: string;
}

export interface LessonRevisionTable {
	id: Generated<string>;
	lessonId: string;
	userId: string | null;
	source: 'editor' | 'import';
	title: string;
	body: string;
	createdAt: CreatedAt;
}

export interface ContentVersionTable {
	id: number;
	version: number;
}

export interface DB {
	organisation: OrganisationTable;
	appUser: AppUserTable;
	userSession: UserSessionTable;
	passwordReset: PasswordResetTable;
	rateLimit: RateLimitTable;
	mailOutbox: MailOutboxTable;
	course: CourseTable;
	courseModule: CourseModuleTable;
	lesson: LessonTable;
	lessonItem: LessonItemTable;
	asset: AssetTable;
	lessonAttachment: LessonAttachmentTable;
	lessonRevision: LessonRevisionTable;
	contentVersion: ContentVersionTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type User = Selectable<AppUserTable>;
export type NewUser = Insertable<AppUserTable>;
export type UserUpdate = Updateable<AppUserTable>;
export type MailMessage = Selectable<MailOutboxTable>;
export type Course = Selectable<CourseTable>;
export type CourseModule = Selectable<CourseModuleTable>;
export type Lesson = Selectable<LessonTable>;
