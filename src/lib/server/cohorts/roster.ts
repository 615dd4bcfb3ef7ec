import { sql } from 'kysely';
import * as m from '../../paraglide/messages.js';
import { countryName } from '../../countries';
import { utcToZonedLocal } from '../../datetime';
import type { Database } from '../db/connect';
import type { Cohort, EnrolmentSource, EnrolmentStatus, Locale } from '../db/schema';
import { toCsv } from '../csv';

/**
 * The cohort's people as the facilitator sees them: enrolled first, then accepted but not
 * yet told (pending), then the waitlist in its order, then those who left.
 */

export async function listRoster(db: Database, cohortId: string) {
	const rows = await db
		.selectFrom('enrolment')
		.innerJoin('appUser', 'appUser.id', 'enrolment.userId')
		.leftJoin('organisation', 'organisation.id', 'appUser.organisationId')
		.leftJoin('application', (join) =>
			join.onRef('application.userId', '=', 'enrolment.userId').onRef('application.cohortId', '=', 'enrolment.cohortId')
		)
		.select([
			'enrolment.id',
			'enrolment.userId',
			'enrolment.status',
			'enrolment.source',
			'enrolment.waitlistPosition',
			'enrolment.enrolledAt',
			'enrolment.createdAt',
			'appUser.name',
			'appUser.email',
			'appUser.country',
			// The organisation an applicant named, else the one their account belongs to.
			sql<string>`coalesce(nullif(${sql.ref('application.organisationName')}, ''), ${sql.ref('organisation.name')}, '')`.as(
				'organisation'
			)
		])
		.where('enrolment.cohortId', '=', cohortId)
		.orderBy(sql`case enrolment.status when 'enrolled' then 1 when 'pending' then 2 when 'waitlisted' then 3 else 4 end`)
		.orderBy('enrolment.waitlistPosition')
		.orderBy('appUser.name')
		.orderBy('enrolment.id')
		.execute();
	// Positions may have gaps (people left); the roster shows the place in the queue, 1 first.
	let rank = 0;
	return rows.map((r) => ({ ...r, waitlistRank: r.status === 'waitlisted' ? ++rank : null }));
}
export type RosterEntry = Awaited<ReturnType<typeof listRoster>>[number];

export function rosterStatusName(status: EnrolmentStatus, locale: Locale): string {
	const names: Record<EnrolmentStatus, () => string> = {
		enrolled: () => m.roster_status_enrolled({}, { locale }),
		pending: () => m.roster_status_pending({}, { locale }),
		waitlisted: () => m.roster_status_waitlisted({}, { locale }),
		withdrawn: () => m.roster_status_withdrawn({}, { locale })
	};
	return names[status]();
}

export function rosterSourceName(source: EnrolmentSource, locale: Locale): string {
	const names: Record<EnrolmentSource, () => string> = {
		open: () => m.roster_source_open({}, { locale }),
		application: () => m.roster_source_application({}, { locale }),
		invitation: () => m.roster_source_invitation({}, { locale }),
		manual: () => m.roster_source_manual({}, { locale })
	};
	return names[source]();
}

/**
 * The roster as CSV (see csv.ts: BOM, CRLF, quoting, formulas neutralised), in the
 * downloader's language, times in the cohort's zone as 'YYYY-MM-DD HH:mm'.
 */
export async function rosterCsv(db: Database, cohort: Pick<Cohort, 'id' | 'timeZone'>, locale: Locale): Promise<string> {
	const rows = await listRoster(db, cohort.id);
	const o = { locale };
	return toCsv(
		[
			m.roster_name({}, o),
			m.roster_email({}, o),
			m.roster_country({}, o),
			m.roster_organisation({}, o),
			m.roster_status({}, o),
			m.roster_waitlist_position({}, o),
			m.roster_source({}, o),
			m.roster_enrolled_at({ zone: cohort.timeZone }, o)
		],
		rows.map((r) => [
			r.name,
			r.email,
			r.country ? countryName(r.country, locale) : '',
			r.organisation,
			rosterStatusName(r.status, locale),
			r.waitlistRank,
			rosterSourceName(r.source, locale),
			r.enrolledAt ? utcToZonedLocal(r.enrolledAt, cohort.timeZone).replace('T', ' ') : ''
		])
	);
}
