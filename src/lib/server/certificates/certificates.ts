import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { sql, type Transaction } from 'kysely';
import * as m from '../../paraglide/messages.js';
import type { Database } from '../db/connect';
import type { DB, Locale, Role } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { buildOpenBadgeCredential, signCredential } from './credential';
import { appSecret } from '../h5p/secret';
import { statusIndexFor } from './status-index';
import { publicOrigin, type CredentialFacts } from './types';

/**
 * Certificates: the one place their rules live (docs/certificates.md).
 *
 * - One live certificate per learner and learning context (course + cohort, or course alone),
 *   ever: the course-completed event, a facilitator's click and a bulk issue all insert with
 *   `on conflict do nothing` against the unique index certificate_one_per_context, so two events
 *   at the same moment still make one.
 * - A certificate states what was true when it was issued (holder, course, cohort, dates, hours,
 *   grade, issuer) and keeps it: later edits to the course or the account do not change it. A
 *   name correction is a re-issue: the old certificate is marked superseded (never deleted) and
 *   a new one, with a new serial, code and credential, takes its place.
 * - Revocation is for administrators only, with a reason; a revoked certificate is never shown
 *   as valid anywhere (verification page, JSON, credential status list).
 * - The Open Badges credential is signed once, when the certificate is issued.
 */

export type CertificateStatus = 'valid' | 'revoked' | 'superseded';

interface Actor {
	id: string;
	role: Role;
}

export interface IssueTarget {
	userId: string;
	courseId: string;
	cohortId: string | null;
}

export interface IssueOptions {
	/** who issued it by hand; null: issued automatically on completion */
	issuedBy: string | null;
	now?: Date;
	origin?: string;
	/** the name to print; default: the account's name */
	holderName?: string;
}

const CODE = /^[a-z2-7]{24}$/;

/** An unguessable verification code: 120 random bits, 24 characters of lower-case base32. */
export function newVerificationCode(): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(15));
}

/** A human serial: BLM-<year>-<number, at least six digits>. */
export function formatSerial(year: number, n: number): string {
	return `BLM-${year}-${String(n).padStart(6, '0')}`;
}

/** A code as typed or scanned: case and surrounding spaces do not matter; anything else is no code. */
export function normaliseCode(raw: string): string | null {
	const code = raw.trim().toLowerCase();
	return CODE.test(code) ? code : null;
}

export function certificateStatus(row: { revokedAt: Date | null; supersededAt: Date | null }): CertificateStatus {
	if (row.revokedAt) return 'revoked';
	if (row.supersededAt) return 'superseded';
	return 'valid';
}

/** What a certificate states, gathered for issuing: one query. */
async function issueFacts(trx: Transaction<DB>, target: IssueTarget) {
	return trx
		.selectFrom('appUser as u')
		.innerJoin('course as c', (j) => j.on('c.id', '=', target.courseId))
		.leftJoin('organisation as o', 'o.id', 'c.organisationId')
		.leftJoin('cohort as h', (j) =>
			target.cohortId === null ? j.on(sql<boolean>`false`) : j.on('h.id', '=', target.cohortId).onRef('h.courseId', '=', 'c.id')
		)
		.leftJoin('courseCompletion as cc', (j) =>
			j
				.onRef('cc.userId', '=', 'u.id')
				.onRef('cc.courseId', '=', 'c.id')
				.on('cc.cohortId', target.cohortId === null ? 'is' : '=', target.cohortId)
		)
		.select([
			'u.name as userName',
			'u.email',
			'u.locale',
			'c.title as courseTitle',
			'c.slug as courseSlug',
			'c.summary as courseSummary',
			'c.estimatedHours',
			'o.name as organisationName',
			'h.id as cohortId',
			'h.name as cohortName',
			'h.startsOn',
			'h.endsOn',
			'cc.id as completionId',
			'cc.completedAt',
			'cc.finalGrade'
		])
		.select((eb) =>
			eb
				.selectFrom('certificate as x')
				.select('x.id')
				.whereRef('x.userId', '=', 'u.id')
				.whereRef('x.courseId', '=', 'c.id')
				.where('x.cohortId', target.cohortId === null ? 'is' : '=', target.cohortId)
				.where('x.supersededAt', 'is', null)
				.as('existingId')
		)
		.where('u.id', '=', target.userId)
		.executeTakeFirst();
}

/** The name the issuer goes by: the course's organisation, else the site's (ISSUER_NAME). */
export function issuerName(organisationName: string | null): string {
	return organisationName ?? (process.env.ISSUER_NAME || 'Bilim');
}

function criteriaNarrative(locale: Locale, course: string, cohort: string | null, hoursOfLearning: number): string {
	const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(hoursOfLearning);
	return cohort ? m.cert_criteria_cohort({ course, cohort, hours }, { locale }) : m.cert_criteria_course({ course, hours }, { locale });
}

async function nextNumbers(trx: Transaction<DB>) {
	const [row, key] = [
		await sql<{ serial: string; n: string }>`select nextval('certificate_serial_seq') as serial, nextval('certificate_status_index_seq') as n`.execute(trx),
		await appSecret(trx, 'status-list-permutation')
	];
	const r = row.rows[0]!;
	return { serial: Number(r.serial), statusIndex: statusIndexFor(key, Number(r.n)) };
}

/**
 * Issues the certificate for a learner in a context, or returns the live one that exists.
 * Without a completion, only by hand (`issuedBy` set). The caller opens the transaction.
 */
export async function issueCertificate(trx: Transaction<DB>, target: IssueTarget, options: IssueOptions) {
	const now = options.now ?? new Date();
	const origin = options.origin ?? publicOrigin();
	const facts = await issueFacts(trx, target);
	if (!facts) throw new NotFoundError('error_certificate_learner_not_found');
	if (target.cohortId !== null && facts.cohortId === null) throw new NotFoundError('error_cohort_not_found');
	if (facts.existingId) return { id: facts.existingId, created: false };
	if (!options.issuedBy && !facts.completionId) throw new ConflictError('error_certificate_not_completed');

	const holderName = (options.holderName ?? facts.userName).trim();
	if (!holderName || holderName.length > 300) throw new ValidationError('holderName', 'error_certificate_name_invalid');
	const locale = facts.locale;
	const { serial: n, statusIndex } = await nextNumbers(trx);
	const serial = formatSerial(now.getUTCFullYear(), n);
	const code = newVerificationCode();
	const issuer = issuerName(facts.organisationName);
	const credentialFacts: CredentialFacts = {
		certificateId: '',
		code,
		serial,
		holderName,
		holderEmail: facts.email,
		courseId: target.courseId,
		courseTitle: facts.courseTitle,
		courseDescription: facts.courseSummary || facts.courseTitle,
		criteriaNarrative: criteriaNarrative(locale, facts.courseTitle, facts.cohortName, Number(facts.estimatedHours)),
		cohortName: facts.cohortName,
		hours: Number(facts.estimatedHours),
		issuerName: issuer,
		issuedAt: now,
		statusIndex
	};
	// The row's id is chosen here so the credential can name it before the row exists.
	const id = crypto.randomUUID();
	credentialFacts.certificateId = id;
	const credentialJwt = await signCredential(trx, buildOpenBadgeCredential(credentialFacts, origin), origin);

	const inserted = await trx
		.insertInto('certificate')
		.values({
			id,
			serial,
			code,
			userId: target.userId,
			courseId: target.courseId,
			cohortId: target.cohortId,
			completionId: facts.completionId,
			holderName,
			courseTitle: facts.courseTitle,
			courseSlug: facts.courseSlug,
			cohortName: facts.cohortName,
			startsOn: facts.startsOn,
			endsOn: facts.endsOn,
			completedAt: facts.completedAt,
			hours: Number(facts.estimatedHours),
			finalGrade: facts.finalGrade === null ? null : Number(facts.finalGrade),
			issuerName: issuer,
			locale,
			statusIndex,
			credentialJwt,
			issuedAt: now,
			issuedBy: options.issuedBy
		})
		.onConflict((oc) =>
			oc
				.columns(['userId', 'courseId', 'cohortId'])
				.where('supersededAt', 'is', null)
				.where('userId', 'is not', null)
				.doNothing()
		)
		.returning('id')
		.executeTakeFirst();
	if (inserted) return { id: inserted.id, created: true };
	// Another request issued it between our read and our insert: theirs stands.
	const existing = await trx
		.selectFrom('certificate')
		.select('id')
		.where('userId', '=', target.userId)
		.where('courseId', '=', target.courseId)
		.where('cohortId', target.cohortId === null ? 'is' : '=', target.cohortId)
		.where('supersededAt', 'is', null)
		.executeTakeFirstOrThrow();
	return { id: existing.id, created: false };
}

/** Whether the course's certificates are issued on completion (its template's setting, else the site's; default yes). */
async function autoIssues(trx: Transaction<DB>, courseId: string): Promise<boolean> {
	const row = await trx
		.selectFrom('certificateTemplate')
		.select('autoIssue')
		.where((eb) => eb.or([eb('courseId', '=', courseId), eb('courseId', 'is', null)]))
		.orderBy(sql`course_id is null`)
		.limit(1)
		.executeTakeFirst();
	return row?.autoIssue ?? true;
}

/** The course-completed event's listener: issues the certificate unless the course turned that off. */
export async function issueOnCompletion(trx: Transaction<DB>, target: IssueTarget, now: Date) {
	if (!(await autoIssues(trx, target.courseId))) return null;
	return issueCertificate(trx, target, { issuedBy: null, now });
}

/**
 * Re-issues a certificate under a corrected name: the old one is marked superseded by the new
 * one (both kept); the new one has its own serial, code and credential. A revoked or already
 * superseded certificate cannot be re-issued.
 */
export async function reissueCertificate(trx: Transaction<DB>, certificateId: string, input: { holderName: string; actorId: string; now?: Date; origin?: string }) {
	const now = input.now ?? new Date();
	const old = await trx.selectFrom('certificate').selectAll().where('id', '=', certificateId).forUpdate().executeTakeFirst();
	if (!old) throw new NotFoundError('error_certificate_not_found');
	if (old.revokedAt) throw new ConflictError('error_certificate_revoked');
	if (old.supersededAt) throw new ConflictError('error_certificate_superseded');
	if (!old.userId) throw new ConflictError('error_certificate_holder_gone');
	await trx.updateTable('certificate').set({ supersededAt: now }).where('id', '=', old.id).execute();
	const issued = await issueCertificate(trx, { userId: old.userId, courseId: old.courseId, cohortId: old.cohortId }, {
		issuedBy: input.actorId,
		now,
		origin: input.origin,
		holderName: input.holderName
	});
	// Keep what the old one stated about the course (a later edit of the course does not change a certificate).
	await trx
		.updateTable('certificate')
		.set({
			courseTitle: old.courseTitle,
			courseSlug: old.courseSlug,
			cohortName: old.cohortName,
			startsOn: old.startsOn,
			endsOn: old.endsOn,
			completedAt: old.completedAt,
			hours: old.hours,
			finalGrade: old.finalGrade,
			issuerName: old.issuerName,
			completionId: old.completionId
		})
		.where('id', '=', issued.id)
		.execute();
	await trx.updateTable('certificate').set({ supersededBy: issued.id }).where('id', '=', old.id).execute();
	return issued;
}

/** Revokes a certificate (administrators only). Revoking again keeps the first reason and date. */
export async function revokeCertificate(trx: Transaction<DB>, actor: Actor, certificateId: string, reason: string, now: Date = new Date()) {
	if (actor.role !== 'admin') throw new ForbiddenError('error_certificate_revoke_admin_only');
	const text = reason.trim();
	if (text.length < 3 || text.length > 1000) throw new ValidationError('reason', 'error_certificate_reason_invalid');
	const row = await trx.selectFrom('certificate').select(['id', 'revokedAt']).where('id', '=', certificateId).forUpdate().executeTakeFirst();
	if (!row) throw new NotFoundError('error_certificate_not_found');
	if (row.revokedAt) return { revoked: false };
	await trx.updateTable('certificate').set({ revokedAt: now, revokedReason: text, revokedBy: actor.id }).where('id', '=', row.id).execute();
	return { revoked: true };
}

/** The public facts of a certificate by its verification code; undefined for any unknown or malformed code. */
export async function findByCode(db: Database, raw: string) {
	const code = normaliseCode(raw);
	if (!code) return undefined;
	const row = await db
		.selectFrom('certificate as c')
		.leftJoin('certificate as n', 'n.id', 'c.supersededBy')
		.select([
			'c.id',
			'c.serial',
			'c.code',
			'c.holderName',
			'c.courseTitle',
			'c.courseSlug',
			'c.cohortName',
			'c.startsOn',
			'c.endsOn',
			'c.completedAt',
			'c.hours',
			'c.issuerName',
			'c.issuedAt',
			'c.revokedAt',
			'c.revokedReason',
			'c.supersededAt',
			'c.statusIndex',
			'n.serial as supersededBySerial',
			'n.code as supersededByCode'
		])
		.where('c.code', '=', code)
		.executeTakeFirst();
	if (!row) return undefined;
	return { ...row, hours: Number(row.hours), status: certificateStatus(row) };
}
export type VerifiedCertificate = NonNullable<Awaited<ReturnType<typeof findByCode>>>;

/** The learner's certificates, newest first (superseded ones too, marked so). */
export async function listForUser(db: Database, userId: string) {
	const rows = await db
		.selectFrom('certificate')
		.select(['id', 'serial', 'code', 'holderName', 'courseTitle', 'courseSlug', 'cohortName', 'startsOn', 'endsOn', 'hours', 'issuerName', 'issuedAt', 'revokedAt', 'revokedReason', 'supersededAt', 'locale'])
		.where('userId', '=', userId)
		.orderBy('issuedAt', 'desc')
		.orderBy('serial', 'desc')
		.execute();
	return rows.map((r) => ({ ...r, hours: Number(r.hours), status: certificateStatus(r) }));
}

/** A certificate for someone allowed to download it: its holder, a manager of its cohort, or an administrator. */
export async function getReadableCertificate(db: Database, actor: Actor, certificateId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(certificateId)) throw new NotFoundError('error_certificate_not_found');
	const row = await db
		.selectFrom('certificate as c')
		.selectAll('c')
		.select((eb) =>
			eb
				.exists(eb.selectFrom('cohortFacilitator as f').select('f.userId').whereRef('f.cohortId', '=', 'c.cohortId').where('f.userId', '=', actor.id))
				.as('facilitates')
		)
		.where('c.id', '=', certificateId)
		.executeTakeFirst();
	if (!row) throw new NotFoundError('error_certificate_not_found');
	const { facilitates, ...certificate } = row;
	if (certificate.userId !== actor.id && actor.role !== 'admin' && !facilitates) throw new NotFoundError('error_certificate_not_found');
	return certificate;
}

/**
 * The cohort's learners (enrolled or finished), whether each completed the course, and their
 * live certificate: one query, for the cohort's certificates page.
 */
export async function listForCohort(db: Database, cohortId: string) {
	const rows = await db
		.selectFrom('enrolment as e')
		.innerJoin('appUser as u', 'u.id', 'e.userId')
		.innerJoin('cohort as h', 'h.id', 'e.cohortId')
		.leftJoin('courseCompletion as cc', (j) => j.onRef('cc.userId', '=', 'e.userId').onRef('cc.courseId', '=', 'h.courseId').onRef('cc.cohortId', '=', 'e.cohortId'))
		.leftJoin('certificate as c', (j) =>
			j.onRef('c.userId', '=', 'e.userId').onRef('c.courseId', '=', 'h.courseId').onRef('c.cohortId', '=', 'e.cohortId').on('c.supersededAt', 'is', null)
		)
		.select([
			'u.id as userId',
			'u.name',
			'u.email',
			'cc.completedAt',
			'cc.finalGrade',
			'c.id as certificateId',
			'c.serial',
			'c.code',
			'c.holderName',
			'c.issuedAt',
			'c.issuedBy',
			'c.revokedAt',
			'c.revokedReason'
		])
		.where('e.cohortId', '=', cohortId)
		.where('e.status', '=', 'enrolled')
		.orderBy('u.name')
		.orderBy('u.id')
		.execute();
	return rows.map((r) => ({ ...r, finalGrade: r.finalGrade === null ? null : Number(r.finalGrade) }));
}

/** Learners of the cohort who completed the course and have no certificate yet. */
export async function countAwaiting(db: Database, cohortId: string): Promise<number> {
	const row = await awaitingQuery(db, cohortId).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
	return Number(row.n);
}

function awaitingQuery(db: Database, cohortId: string) {
	return db
		.selectFrom('courseCompletion as cc')
		.innerJoin('cohort as h', (j) => j.onRef('h.id', '=', 'cc.cohortId').onRef('h.courseId', '=', 'cc.courseId'))
		.innerJoin('enrolment as e', (j) => j.onRef('e.cohortId', '=', 'h.id').onRef('e.userId', '=', 'cc.userId'))
		.where('cc.cohortId', '=', cohortId)
		.where('e.status', '=', 'enrolled')
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('certificate as c')
						.select('c.id')
						.whereRef('c.userId', '=', 'cc.userId')
						.whereRef('c.courseId', '=', 'cc.courseId')
						.whereRef('c.cohortId', '=', 'cc.cohortId')
						.where('c.supersededAt', 'is', null)
				)
			)
		);
}

/**
 * One step of a bulk issue: certificates for up to `batch` learners of the cohort who completed
 * the course and have none yet. Returns how many were issued and how many still wait, so a page
 * can show the progress and ask for the next step.
 */
export async function issueBatch(trx: Transaction<DB>, cohort: { id: string; courseId: string }, actorId: string, batch = 25, now: Date = new Date()) {
	const users = await awaitingQuery(trx, cohort.id).select('cc.userId').orderBy('cc.completedAt').orderBy('cc.userId').limit(batch).execute();
	let issued = 0;
	for (const { userId } of users) {
		const result = await issueCertificate(trx, { userId, courseId: cohort.courseId, cohortId: cohort.id }, { issuedBy: actorId, now });
		if (result.created) issued++;
	}
	return { issued, remaining: await countAwaiting(trx, cohort.id) };
}

/** Every certificate, for administrators: searched by serial, code, holder or course; newest first. */
export async function searchCertificates(db: Database, query: { q: string; page: number; pageSize?: number }) {
	const pageSize = query.pageSize ?? 50;
	let q = db.selectFrom('certificate');
	const text = query.q.trim();
	if (text) {
		const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		q = q.where((eb) => eb.or([eb('serial', 'ilike', like), eb('code', '=', text.toLowerCase()), eb('holderName', 'ilike', like), eb('courseTitle', 'ilike', like), eb('cohortName', 'ilike', like)]));
	}
	const [rows, total] = await Promise.all([
		q
			.select(['id', 'serial', 'code', 'holderName', 'courseTitle', 'cohortName', 'issuedAt', 'revokedAt', 'revokedReason', 'supersededAt'])
			.orderBy('issuedAt', 'desc')
			.orderBy('serial', 'desc')
			.limit(pageSize)
			.offset((query.page - 1) * pageSize)
			.execute(),
		q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows: rows.map((r) => ({ ...r, status: certificateStatus(r) })), total: Number(total.n), pageSize };
}
