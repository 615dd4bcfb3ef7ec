import { sql } from 'kysely';
import * as m from '../../paraglide/messages.js';
import { countryName } from '../../countries';
import { utcToZonedLocal } from '../../datetime';
import { applicationStatusName, decisionName, genderName, organisationTypeName } from '../../cohorts/admission-labels';
import type { Database } from '../db/connect';
import type { Cohort, Locale } from '../db/schema';
import { toCsv } from '../csv';
import { listQuestions } from './applications';

/**
 * The applications of a cohort as CSV (UTF-8 with BOM, through toCsv): the fixed fields,
 * one column per custom question, review counts, the average score and the decision.
 * Submitted and withdrawn applications; drafts stay the applicant's own. Headers and
 * vocabularies in the requester's language, times in the cohort's zone. Two queries.
 */
export async function applicationsCsv(db: Database, cohort: Cohort, locale: Locale): Promise<string> {
	const [questions, rows] = await Promise.all([
		listQuestions(db, cohort.id),
		db
			.selectFrom('application as a')
			.innerJoin('appUser as u', 'u.id', 'a.userId')
			.select((eb) => [
				'u.name',
				'u.email',
				'a.country',
				'a.gender',
				'a.organisationName',
				'a.organisationType',
				'a.position',
				'a.yearsExperience',
				'a.motivation',
				'a.status',
				'a.submittedAt',
				'a.answers',
				'a.decision',
				'a.decisionReleasedAt',
				eb
					.selectFrom('reviewAssignment as ra')
					.select(sql<number>`count(*)`.as('n'))
					.whereRef('ra.applicationId', '=', 'a.id')
					.as('assigned'),
				eb
					.selectFrom('reviewAssignment as ra')
					.select(sql<number>`count(*)`.as('n'))
					.whereRef('ra.applicationId', '=', 'a.id')
					.where('ra.submittedAt', 'is not', null)
					.as('reviewed'),
				eb
					.selectFrom('reviewAssignment as ra')
					.select(sql<number | null>`round(avg(ra.weighted_score), 2)`.as('avg'))
					.whereRef('ra.applicationId', '=', 'a.id')
					.where('ra.submittedAt', 'is not', null)
					.as('average')
			])
			.where('a.cohortId', '=', cohort.id)
			.where('a.status', 'in', ['submitted', 'withdrawn'])
			.orderBy('a.submittedAt')
			.orderBy('a.id')
			.execute()
	]);
	const o = { locale };
	const when = (d: Date | null) => (d ? utcToZonedLocal(d, cohort.timeZone).replace('T', ' ') : '');
	const headers = [
		m.field_name({}, o),
		m.field_email({}, o),
		m.field_country({}, o),
		m.apply_gender({}, o),
		m.apply_organisation({}, o),
		m.apply_organisation_type({}, o),
		m.apply_position({}, o),
		m.apply_years({}, o),
		m.apply_motivation({}, o),
		m.csv_status({}, o),
		m.csv_submitted({ zone: cohort.timeZone }, o),
		...questions.map((q) => q.label),
		m.csv_reviews_assigned({}, o),
		m.csv_reviews_submitted({}, o),
		m.csv_average({}, o),
		m.csv_decision({}, o),
		m.csv_released({ zone: cohort.timeZone }, o)
	];
	const answer = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('; ') : (v ?? ''));
	return toCsv(
		headers,
		rows.map((r) => [
			r.name,
			r.email,
			r.country ? countryName(r.country, locale) : '',
			genderName(r.gender, locale),
			r.organisationName,
			organisationTypeName(r.organisationType, locale),
			r.position,
			r.yearsExperience,
			r.motivation,
			applicationStatusName(r.status, locale),
			when(r.submittedAt),
			...questions.map((q) => answer(r.answers?.[q.id])),
			Number(r.assigned ?? 0),
			Number(r.reviewed ?? 0),
			r.average === null ? null : Number(r.average),
			r.decision ? decisionName(r.decision, locale) : '',
			when(r.decisionReleasedAt)
		])
	);
}
