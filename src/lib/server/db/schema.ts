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
export type LessonItemKind = 'text' | 'quiz' | 'assignment' | 'h5p';
export type LessonCompletion = 'manual' | 'on_view';

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
	/** jsonb: completion rules and final-grade weights (progress/completion.ts); null: every required lesson */
	completionRules: ColumnType<unknown | null, string | null | undefined, string | null>;
	status: ColumnType<CourseStatus, CourseStatus | undefined, CourseStatus>;
	publishedAt: Date | null;
	sourceHash: string | null;
	createdBy: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
	searchDocument: ColumnType<string, never, never>;
	access: ColumnType<CourseAccess, CourseAccess | undefined, CourseAccess>;
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
	completion: ColumnType<LessonCompletion, LessonCompletion | undefined, LessonCompletion>;
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

/** Slots of the counter of changes to people, cohorts and admissions (migration 15). */
export interface DataVersionTable {
	slot: number;
	version: number;
}

export type CourseAccess = 'open' | 'cohort';
export type EnrolmentMode = 'open' | 'application' | 'invitation';
export type CohortStatus = 'planned' | 'open' | 'running' | 'finished';
export type EnrolmentStatus = 'pending' | 'enrolled' | 'waitlisted' | 'withdrawn';
export type EnrolmentSource = 'open' | 'application' | 'invitation' | 'manual';
export type SessionKind = 'online' | 'in_person';
export type QuestionKind = 'short_text' | 'long_text' | 'single_choice' | 'multiple_choice';
export type ApplicationStatus = 'draft' | 'submitted' | 'withdrawn';
export type Decision = 'accepted' | 'waitlisted' | 'rejected';
export type Gender = 'female' | 'male' | 'other' | 'prefer_not_to_say';

export interface CohortTable {
	id: Generated<string>;
	courseId: string;
	slug: string;
	name: string;
	description: ColumnType<string, string | undefined, string>;
	/** 'YYYY-MM-DD' */
	startsOn: string;
	/** 'YYYY-MM-DD' */
	endsOn: string;
	/** IANA zone, e.g. 'Asia/Almaty' */
	timeZone: ColumnType<string, string | undefined, string>;
	enrolOpensAt: Date | null;
	/** the application deadline in 'application' mode */
	enrolClosesAt: Date | null;
	capacity: number;
	enrolmentMode: EnrolmentMode;
	status: ColumnType<CohortStatus, CohortStatus | undefined, CohortStatus>;
	createdBy: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export interface CohortFacilitatorTable {
	cohortId: string;
	userId: string;
	createdAt: CreatedAt;
}

export interface CohortModuleReleaseTable {
	cohortId: string;
	moduleId: string;
	opensAt: Date;
}

export interface CohortSessionTable {
	id: Generated<string>;
	cohortId: string;
	title: string;
	description: ColumnType<string, string | undefined, string>;
	kind: SessionKind;
	url: string | null;
	place: string | null;
	startsAt: Date;
	endsAt: Date;
	createdAt: CreatedAt;
}

export interface CohortInvitationTable {
	id: Generated<string>;
	cohortId: string;
	code: string;
	label: ColumnType<string, string | undefined, string>;
	expiresAt: Date | null;
	maxUses: number | null;
	uses: ColumnType<number, number | undefined, number>;
	revokedAt: Date | null;
	createdBy: string | null;
	createdAt: CreatedAt;
}

export interface EnrolmentTable {
	id: Generated<string>;
	cohortId: string;
	userId: string;
	/** 'pending' (accepted, not yet released) and 'enrolled' hold a seat */
	status: EnrolmentStatus;
	/** set exactly when status is 'waitlisted'; lower goes first */
	waitlistPosition: number | null;
	source: EnrolmentSource;
	invitationId: string | null;
	/** agreed to appear in the cohort's participant list */
	listed: ColumnType<boolean, boolean | undefined, boolean>;
	enrolledAt: Date | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export interface AnnouncementTable {
	id: Generated<string>;
	cohortId: string;
	authorId: string | null;
	title: string;
	body: string;
	createdAt: CreatedAt;
}

export interface NoticeSentTable {
	key: string;
	createdAt: CreatedAt;
}

export interface ApplicationQuestionTable {
	id: Generated<string>;
	cohortId: string;
	position: number;
	kind: QuestionKind;
	label: string;
	help: ColumnType<string, string | undefined, string>;
	/** jsonb array of option labels */
	options: ColumnType<string[], string | undefined, string>;
	required: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ApplicationTable {
	id: Generated<string>;
	cohortId: string;
	userId: string;
	status: ColumnType<ApplicationStatus, ApplicationStatus | undefined, ApplicationStatus>;
	organisationName: ColumnType<string, string | undefined, string>;
	organisationType: OrganisationType | null;
	position: ColumnType<string, string | undefined, string>;
	country: ColumnType<string, string | undefined, string>;
	gender: Gender | null;
	yearsExperience: number | null;
	motivation: ColumnType<string, string | undefined, string>;
	/** jsonb: { [questionId]: string | string[] } */
	answers: ColumnType<Record<string, string | string[]>, string | undefined, string>;
	submittedAt: Date | null;
	decision: Decision | null;
	waitlistRank: number | null;
	decidedAt: Date | null;
	decidedBy: string | null;
	decisionReleasedAt: Date | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export interface ReviewCriterionTable {
	id: Generated<string>;
	cohortId: string;
	position: number;
	title: string;
	description: ColumnType<string, string | undefined, string>;
	weight: ColumnType<number, number | undefined, number>;
}

export interface ReviewAssignmentTable {
	applicationId: string;
	reviewerId: string;
	assignedBy: string | null;
	assignedAt: ColumnType<Date, Date | string | undefined, Date | string>;
	/** jsonb: { [criterionId]: 0..5 } */
	scores: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
	weightedScore: number | null;
	comment: ColumnType<string, string | undefined, string>;
	submittedAt: Date | null;
}

/** Numeric columns arrive as numbers (db/connect.ts). */
type Num = ColumnType<number, number | undefined, number>;
type NumOrNull = ColumnType<number | null, number | null | undefined, number | null>;
type Json<T> = ColumnType<T, string | undefined, string>;
type JsonOrNull<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface LessonProgressTable {
	userId: string;
	courseId: string;
	cohortId: string | null;
	lessonId: string;
	firstViewedAt: Timestamp;
	lastViewedAt: Timestamp;
	completedAt: Date | null;
}

export interface CohortLessonDateTable {
	cohortId: string;
	lessonId: string;
	dueAt: Date;
}

export interface QuizAttemptTable {
	id: Generated<string>;
	userId: string;
	lessonId: string;
	cohortId: string | null;
	number: number;
	seed: string;
	attempt: Json<unknown>;
	quiz: Json<unknown>;
	answers: Json<Record<string, unknown>>;
	answersSavedAt: Date | null;
	startedAt: Date;
	deadlineAt: Date | null;
	submittedAt: Date | null;
	score: NumOrNull;
	maxScore: NumOrNull;
	percent: NumOrNull;
	passed: boolean | null;
	result: JsonOrNull<unknown>;
}

export interface AssignmentSubmissionTable {
	id: Generated<string>;
	userId: string;
	lessonId: string;
	cohortId: string | null;
	body: ColumnType<string, string | undefined, string>;
	submittedAt: Date;
	updatedAt: Date;
	timesSubmitted: Num;
	late: ColumnType<boolean, boolean | undefined, boolean>;
	/** jsonb { [criterionId]: levelId } */
	rubric: JsonOrNull<Record<string, string>>;
	score: NumOrNull;
	maxScore: NumOrNull;
	feedback: string | null;
	gradedBy: string | null;
	gradedAt: Date | null;
}

export interface SubmissionFileTable {
	id: Generated<string>;
	submissionId: string;
	name: string;
	contentType: string;
	size: number;
	sha256: string;
	data: Uint8Array;
	createdAt: CreatedAt;
}

export interface CourseCompletionTable {
	id: Generated<string>;
	userId: string;
	courseId: string;
	cohortId: string | null;
	completedAt: Date;
	finalGrade: NumOrNull;
}

export interface GradeOverrideTable {
	id: Generated<string>;
	cohortId: string;
	userId: string;
	lessonId: string;
	percent: NumOrNull;
	previousPercent: NumOrNull;
	reason: string;
	actorId: string | null;
	createdAt: CreatedAt;
}

export type H5pLibraryStatus = 'pending' | 'approved';

export interface H5pLibraryTable {
	id: Generated<string>;
	machineName: string;
	majorVersion: number;
	minorVersion: number;
	patchVersion: number;
	title: string;
	runnable: ColumnType<boolean, boolean | undefined, boolean>;
	/** library.json as read */
	metadata: Json<Record<string, unknown>>;
	status: H5pLibraryStatus;
	uploadedBy: string | null;
	approvedBy: string | null;
	approvedAt: Date | null;
	createdAt: CreatedAt;
}

export interface H5pLibraryFileTable {
	libraryId: string;
	path: string;
	contentType: string;
	size: number;
	data: Uint8Array;
}

export interface H5pContentTable {
	id: Generated<string>;
	courseId: string;
	title: string;
	/** "H5P.TrueFalse 1.6" */
	mainLibrary: string;
	/** h5p.json as read */
	h5pJson: Json<Record<string, unknown>>;
	/** content/content.json as text */
	contentJson: string;
	sha256: string;
	size: number;
	createdBy: string | null;
	createdAt: CreatedAt;
}

export interface H5pContentFileTable {
	contentId: string;
	path: string;
	contentType: string;
	size: number;
	data: Uint8Array;
}

export interface H5pContentLibraryTable {
	contentId: string;
	libraryId: string;
}

export interface XapiStatementTable {
	id: string;
	userId: string;
	lessonId: string;
	contentId: string;
	cohortId: string | null;
	verb: string;
	topLevel: boolean;
	statement: Json<Record<string, unknown>>;
	storedAt: CreatedAt;
}

export interface H5pResultTable {
	userId: string;
	lessonId: string;
	cohortId: string | null;
	raw: ColumnType<number, number, number>;
	max: ColumnType<number, number, number>;
	scaled: ColumnType<number, number, number>;
	success: boolean | null;
	statementId: string;
	attempts: ColumnType<number, number | undefined, number>;
	firstAt: Timestamp;
	updatedAt: Timestamp;
}

export interface H5pUserStateTable {
	userId: string;
	lessonId: string;
	cohortId: string | null;
	contentId: string;
	state: string;
	updatedAt: Timestamp;
}

export interface AppSecretTable {
	name: string;
	value: string;
	createdAt: CreatedAt;
}

export interface CertificateTable {
	id: Generated<string>;
	serial: string;
	code: string;
	userId: string | null;
	courseId: string;
	cohortId: string | null;
	completionId: string | null;
	holderName: string;
	courseTitle: string;
	courseSlug: string;
	cohortName: string | null;
	/** 'YYYY-MM-DD' */
	startsOn: string | null;
	/** 'YYYY-MM-DD' */
	endsOn: string | null;
	completedAt: Date | null;
	hours: Num;
	finalGrade: NumOrNull;
	issuerName: string;
	locale: Locale;
	statusIndex: number;
	credentialJwt: string;
	issuedAt: Date;
	issuedBy: string | null;
	revokedAt: Date | null;
	revokedReason: string | null;
	revokedBy: string | null;
	supersededAt: Date | null;
	supersededBy: string | null;
}

export interface CertificateTemplateTable {
	id: Generated<string>;
	courseId: string | null;
	autoIssue: ColumnType<boolean, boolean | undefined, boolean>;
	/** jsonb: { en: {title, intro, body}, ru: {...} } (certificates/template.ts) */
	texts: ColumnType<unknown, string, string>;
	/** jsonb: [{ name, title }] */
	signatories: ColumnType<unknown, string | undefined, string>;
	primaryColour: string;
	accentColour: string;
	logoData: Uint8Array | null;
	logoType: 'image/png' | 'image/jpeg' | null;
	version: ColumnType<number, number | undefined, number>;
	updatedBy: string | null;
	updatedAt: Timestamp;
}

export interface CertificatePdfTable {
	certificateId: string;
	locale: string;
	cacheKey: string;
	data: Uint8Array;
	createdAt: CreatedAt;
}

export type Visibility = 'self' | 'connections' | 'networks' | 'public';
export type NetworkMemberStatus = 'member' | 'requested' | 'invited' | 'left';
export type NetworkMemberSource = 'completion' | 'request' | 'invitation' | 'admin';

export interface NetworkTable {
	id: Generated<string>;
	slug: string;
	name: string;
	description: ColumnType<string, string | undefined, string>;
	createdBy: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export interface NetworkModeratorTable {
	networkId: string;
	userId: string;
	createdAt: CreatedAt;
}

export interface NetworkLinkTable {
	id: Generated<string>;
	networkId: string;
	courseId: string | null;
	cohortId: string | null;
}

export interface NetworkMemberTable {
	networkId: string;
	userId: string;
	status: NetworkMemberStatus;
	source: NetworkMemberSource;
	message: string | null;
	invitedBy: string | null;
	joinedAt: Date | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export interface DirectoryProfileTable {
	userId: string;
	displayName: string;
	headline: ColumnType<string, string | undefined, string>;
	organisation: ColumnType<string, string | undefined, string>;
	/** ISO 3166-1 alpha-2 */
	country: string;
	city: ColumnType<string, string | undefined, string>;
	/** thematic area keys (src/lib/courses/taxonomy.ts) */
	expertise: ColumnType<string[], string[] | undefined, string[]>;
	/** language codes */
	languages: ColumnType<string[], string[] | undefined, string[]>;
	/** Markdown, rendered sanitised */
	bio: ColumnType<string, string | undefined, string>;
	openToMentoring: ColumnType<boolean, boolean | undefined, boolean>;
	/** who sees the profile: members of a shared network (default) or everyone */
	visibility: ColumnType<'networks' | 'public', 'networks' | 'public' | undefined, 'networks' | 'public'>;
	photo: Uint8Array | null;
	photoType: 'image/png' | 'image/jpeg' | 'image/webp' | null;
	photoVersion: ColumnType<number, number | undefined, number>;
	contactEmail: ColumnType<string, string | undefined, string>;
	contactEmailVisibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
	phone: ColumnType<string, string | undefined, string>;
	phoneVisibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
	telegram: ColumnType<string, string | undefined, string>;
	telegramVisibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
	linkedin: ColumnType<string, string | undefined, string>;
	linkedinVisibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
	website: ColumnType<string, string | undefined, string>;
	websiteVisibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
	hiddenAt: Date | null;
	hiddenBy: string | null;
	hiddenReason: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
	searchDocument: ColumnType<string, never, never>;
	/** kept by triggers (migration 21): the networks the person is a member of, for search */
	memberOf: ColumnType<string[], never, never>;
	/** kept by triggers: start years of the cohorts the person is enrolled in, for search */
	cohortYears: ColumnType<number[], never, never>;
	/** kept by triggers: false while the account is deactivated (the profile is then shown to no one) */
	ownerActive: ColumnType<boolean, never, never>;
}

/**
 * A narrow copy of each profile's searched and counted columns, written only by a trigger on
 * directory_profile (migration 21); the directory's search reads it. Never written by the app.
 */
export interface DirectorySearchTable {
	userId: ColumnType<string, never, never>;
	displayName: ColumnType<string, never, never>;
	country: ColumnType<string, never, never>;
	expertise: ColumnType<string[], never, never>;
	languages: ColumnType<string[], never, never>;
	openToMentoring: ColumnType<boolean, never, never>;
	visibility: ColumnType<'networks' | 'public', never, never>;
	hiddenAt: ColumnType<Date | null, never, never>;
	updatedAt: ColumnType<Date, never, never>;
	memberOf: ColumnType<string[], never, never>;
	cohortYears: ColumnType<number[], never, never>;
	ownerActive: ColumnType<boolean, never, never>;
}

export interface ConnectionTable {
	id: Generated<string>;
	requesterId: string;
	addresseeId: string;
	status: 'pending' | 'accepted' | 'declined';
	message: ColumnType<string, string | undefined, string>;
	createdAt: CreatedAt;
	respondedAt: Date | null;
}

export interface UserBlockTable {
	blockerId: string;
	blockedId: string;
	createdAt: CreatedAt;
}

export interface ProfileReportTable {
	id: Generated<string>;
	profileUserId: string;
	reporterId: string | null;
	reason: string;
	createdAt: CreatedAt;
	resolvedAt: Date | null;
	resolvedBy: string | null;
	resolution: 'hidden' | 'dismissed' | null;
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
	dataVersion: DataVersionTable;
	cohort: CohortTable;
	cohortFacilitator: CohortFacilitatorTable;
	cohortModuleRelease: CohortModuleReleaseTable;
	cohortSession: CohortSessionTable;
	cohortInvitation: CohortInvitationTable;
	enrolment: EnrolmentTable;
	announcement: AnnouncementTable;
	noticeSent: NoticeSentTable;
	applicationQuestion: ApplicationQuestionTable;
	application: ApplicationTable;
	reviewCriterion: ReviewCriterionTable;
	reviewAssignment: ReviewAssignmentTable;
	lessonProgress: LessonProgressTable;
	cohortLessonDate: CohortLessonDateTable;
	quizAttempt: QuizAttemptTable;
	assignmentSubmission: AssignmentSubmissionTable;
	submissionFile: SubmissionFileTable;
	courseCompletion: CourseCompletionTable;
	gradeOverride: GradeOverrideTable;
	h5pLibrary: H5pLibraryTable;
	h5pLibraryFile: H5pLibraryFileTable;
	h5pContent: H5pContentTable;
	h5pContentFile: H5pContentFileTable;
	h5pContentLibrary: H5pContentLibraryTable;
	xapiStatement: XapiStatementTable;
	h5pResult: H5pResultTable;
	h5pUserState: H5pUserStateTable;
	appSecret: AppSecretTable;
	certificate: CertificateTable;
	certificateTemplate: CertificateTemplateTable;
	certificatePdf: CertificatePdfTable;
	network: NetworkTable;
	networkModerator: NetworkModeratorTable;
	networkLink: NetworkLinkTable;
	networkMember: NetworkMemberTable;
	directoryProfile: DirectoryProfileTable;
	directorySearch: DirectorySearchTable;
	connection: ConnectionTable;
	userBlock: UserBlockTable;
	profileReport: ProfileReportTable;
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
export type Cohort = Selectable<CohortTable>;
export type Enrolment = Selectable<EnrolmentTable>;
export type Application = Selectable<ApplicationTable>;
export type ApplicationQuestion = Selectable<ApplicationQuestionTable>;
export type ReviewCriterion = Selectable<ReviewCriterionTable>;
export type CohortSession = Selectable<CohortSessionTable>;
