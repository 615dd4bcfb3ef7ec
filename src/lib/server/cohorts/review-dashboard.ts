import { sql } from 'kysely';
import { runPrepared, type Database } from '../db/connect';
import type { Cohort } from '../db/schema';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { SEAT_HOLDING } from './seats';

/**
 * The review dashboard of a cohort: its applications with review counts and average scores,
 * the counts for balancing the cohort, the waiting list and the seats. A fixed number of
 * queries, whatever the number of applications (benchmarked with 500).
 */

export const DASHBOARD_PAGE_SIZE = 50;
export const DASHBOARD_SORTS = ['score', 'name', 'submitted', 'country'] as const;
export const DECISION_FILTERS = ['all', 'undecided', 'accepted', 'waitlisted', 'rejected'] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];
export type DecisionFilter = (typeof DECISION_FILTERS)[number];

export interface DashboardOptions {
	sort: DashboardSort;
	dir: 'asc' | 'desc';
	decision: DecisionFilter;
	page: number;
}

/** Counts of submitted applications of a cohort, by decision, and how many decisions wait for release. */
export async function decisionCounts(db: Database, cohortId: string) {
	const row = await db
		.selectFrom('application')
		.select([
			sql<number>`count(*)`.as('all'),
			sql<number>`count(*) filter (where decision is null)`.as('undecided'),
			sql<number>`count(*) filter (where decision = 'accepted')`.as('accepted'),
			sql<number>`count(*) filter (where decision = 'waitlisted')`.as('waitlisted'),
			sql<number>`count(*) filter (where decision = 'rejected')`.as('rejected'),
			sql<number>`count(*) filter (where decision is not null and decision_released_at is null)`.as('unreleased')
		])
		.where('cohortId', '=', cohortId)
		.where('status', '=', 'submitted')
		.executeTakeFirstOrThrow();
	return {
		all: Number(row.all),
		undecided: Number(row.undecided),
		accepted: Number(row.accepted),
		waitlisted: Number(row.waitlisted),
		rejected: Number(row.rejected),
		unreleased: Number(row.unreleased)
	};
}

/**
 * The review dashboard of a cohort, in a fixed number of queries whatever the number of
 * applications: review counts and average scores are aggregated in SQL. A viewer who is an
 * assigned reviewer of an application and has not scored it yet does not see its average
 * (nor does the order reveal it): they score it first.
 */
export async function reviewDashboard(db: Database, cohort: Cohort, viewer: { id: string }, options: DashboardOptions) {
	// Two statements side by side: the numbers around the table, and the asked-for page of rows
	// (asked again, once, when the page is past the last one).
	const [stats, firstRows] = await Promise.all([dashboardStats(db, cohort.id), dashboardRows(db, cohort.id, viewer, options, options.page)]);
	const { counts, balance, waitlist, taken } = stats;
	const total = counts[options.decision];
	const pages = Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE));
	const page = Math.min(Math.max(1, options.page), pages);
	const rows = page === options.page ? firstRows : await dashboardRows(db, cohort.id, viewer, options, page);

	return {
		rows,
		counts,
		balance,
		waitlist,
		seats: { capacity: cohort.capacity, taken, left: Math.max(0, cohort.capacity - taken) },
		page,
		pages,
		total
	};
}
export type Dashboard = Awaited<ReturnType<typeof reviewDashboard>>;

/** One page of the dashboard's table (`page` counted from 1; nothing before the first). */
async function dashboardRows(db: Database, cohortId: string, viewer: { id: string }, options: DashboardOptions, page: number) {
	let query = db
		.with('scores', (qc) =>
			qc
				.selectFrom('reviewAssignment as ra')
				.innerJoin('application as x', 'x.id', 'ra.applicationId')
				.where('x.cohortId', '=', cohortId)
				.groupBy('ra.applicationId')
				.select([
					'ra.applicationId',
					sql<number>`count(*)`.as('assigned'),
					sql<number>`count(ra.submitted_at)`.as('reviewed'),
					sql<number | null>`avg(ra.weighted_score) filter (where ra.submitted_at is not null)`.as('average'),
					sql<boolean>`bool_or(ra.reviewer_id = ${viewer.id} and ra.submitted_at is null)`.as('mustScore')
				])
		)
		.selectFrom('application as a')
		.innerJoin('appUser as u', 'u.id', 'a.userId')
		.leftJoin('scores as s', 's.applicationId', 'a.id')
		.leftJoin('enrolment as e', (j) => j.onRef('e.cohortId', '=', 'a.cohortId').onRef('e.userId', '=', 'a.userId'))
		.where('a.cohortId', '=', cohortId)
		.where('a.status', '=', 'submitted');
	if (options.decision === 'undecided') query = query.where('a.decision', 'is', null);
	else if (options.decision !== 'all') query = query.where('a.decision', '=', options.decision);

	const visibleAverage = sql<number | null>`case when s.must_score then null else s.average end`;
	const order = {
		score: visibleAverage,
		name: sql`lower(u.name)`,
		submitted: sql`a.submitted_at`,
		country: sql`a.country`
	}[options.sort];
	const rows = await runPrepared(
		db,
		query
			.select([
				'a.id',
				'u.name',
				'a.country',
				'a.gender',
				'a.organisationType',
				'a.organisationName',
				'a.submittedAt',
				'a.decision',
				'a.decisionReleasedAt',
				'a.waitlistRank',
				'e.status as seat',
				sql<number>`coalesce(s.assigned, 0)`.as('assigned'),
				sql<number>`coalesce(s.reviewed, 0)`.as('reviewed'),
				visibleAverage.as('average'),
				sql<boolean>`coalesce(s.must_score, false)`.as('mustScore')
			])
			.orderBy(order, (ob) => (options.dir === 'asc' ? ob.asc() : ob.desc()).nullsLast())
			.orderBy(sql`lower(u.name)`)
			.orderBy('a.id')
			.limit(DASHBOARD_PAGE_SIZE)
			.offset((Math.max(1, page) - 1) * DASHBOARD_PAGE_SIZE)
	);
	return rows.map((r) => ({
		...r,
		assigned: Number(r.assigned),
		reviewed: Number(r.reviewed),
		average: r.average === null ? null : Number(r.average)
	}));
}

/**
 * The decision counts, the balance, the waitlist and the seats taken, in one statement (the
 * dashboard is benchmarked): the same queries as decisionCounts, balanceCounts, listWaitlist
 * and seatsTaken, each as a column.
 */
async function dashboardStats(db: Database, cohortId: string) {
	const [row] = await runPrepared(
		db,
		db.selectNoFrom((eb) => [
			eb
				.selectFrom('application')
				.select(
					sql<Record<string, number>>`json_build_object(
						'all', count(*),
						'undecided', count(*) filter (where decision is null),
						'accepted', count(*) filter (where decision = 'accepted'),
						'waitlisted', count(*) filter (where decision = 'waitlisted'),
						'rejected', count(*) filter (where decision = 'rejected'),
						'unreleased', count(*) filter (where decision is not null and decision_released_at is null))`.as('c')
				)
				.where('cohortId', '=', cohortId)
				.where('status', '=', 'submitted')
				.as('counts'),
			sql<BalanceGroup[] | null>`(select json_agg(g) from (
				select grouping(country, gender, organisation_type) as "set", country, gender,
					organisation_type as "organisationType", count(*) as applied,
					count(*) filter (where decision = 'accepted') as accepted,
					count(*) filter (where decision = 'waitlisted') as waitlisted
				from application where cohort_id = ${cohortId} and status = 'submitted'
				group by grouping sets ((country), (gender), (organisation_type))) g)`.as('balance'),
			jsonArrayFrom(waitlistQuery(db, cohortId)).as('waitlist'),
			eb
				.selectFrom('enrolment')
				.select((e) => e.fn.countAll<number>().as('n'))
				.where('cohortId', '=', cohortId)
				.where('status', 'in', SEAT_HOLDING)
				.as('taken')
		])
	);
	const c = row!.counts ?? {};
	const counts = {
		all: Number(c.all ?? 0),
		undecided: Number(c.undecided ?? 0),
		accepted: Number(c.accepted ?? 0),
		waitlisted: Number(c.waitlisted ?? 0),
		rejected: Number(c.rejected ?? 0),
		unreleased: Number(c.unreleased ?? 0)
	};
	// grouping(): 3 = grouped by country (gender and type rolled up), 5 = by gender, 6 = by type.
	const balance: Record<BalanceKey, BalanceRow[]> = { country: [], gender: [], organisationType: [] };
	const keyOf: Record<number, BalanceKey> = { 3: 'country', 5: 'gender', 6: 'organisationType' };
	for (const g of row!.balance ?? []) {
		const key = keyOf[g.set];
		if (!key) continue;
		balance[key].push({ value: g[key] || null, applied: Number(g.applied), accepted: Number(g.accepted), waitlisted: Number(g.waitlisted) });
	}
	sortBalance(balance);
	const waitlist = row!.waitlist.map((w) => ({
		...w,
		decisionReleasedAt: w.decisionReleasedAt === null ? null : new Date(w.decisionReleasedAt)
	}));
	return { counts, balance, waitlist, taken: Number(row!.taken ?? 0) };
}

type BalanceKey = 'country' | 'gender' | 'organisationType';
interface BalanceGroup {
	set: number;
	country: string | null;
	gender: string | null;
	organisationType: string | null;
	applied: number;
	accepted: number;
	waitlisted: number;
}

function sortBalance(result: Record<BalanceKey, BalanceRow[]>) {
	for (const list of Object.values(result)) list.sort((a, b) => b.applied - a.applied || String(a.value).localeCompare(String(b.value)));
}

export interface BalanceRow {
	value: string | null;
	applied: number;
	accepted: number;
	waitlisted: number;
}

/**
 * How the applicants, the accepted and the waitlisted divide by country, gender and type of
 * organisation, so the facilitator can balance the cohort. One statement.
 */
export async function balanceCounts(db: Database, cohortId: string) {
	const by = (dimension: 'country' | 'gender' | 'organisation_type') =>
		db
			.selectFrom('application')
			.select([
				sql<string>`${sql.lit(dimension)}`.as('dimension'),
				sql<string | null>`${sql.ref(dimension)}`.as('value'),
				sql<number>`count(*)`.as('applied'),
				sql<number>`count(*) filter (where decision = 'accepted')`.as('accepted'),
				sql<number>`count(*) filter (where decision = 'waitlisted')`.as('waitlisted')
			])
			.where('cohortId', '=', cohortId)
			.where('status', '=', 'submitted')
			.groupBy(sql.ref(dimension));
	const rows = await by('country').unionAll(by('gender')).unionAll(by('organisation_type')).execute();
	const result: Record<'country' | 'gender' | 'organisationType', BalanceRow[]> = { country: [], gender: [], organisationType: [] };
	for (const r of rows) {
		const key = r.dimension === 'organisation_type' ? 'organisationType' : (r.dimension as 'country' | 'gender');
		result[key].push({ value: r.value || null, applied: Number(r.applied), accepted: Number(r.accepted), waitlisted: Number(r.waitlisted) });
	}
	sortBalance(result);
	return result;
}

/**
 * The waitlisted applications: released ones first (their order is the enrolment waitlist,
 * fixed once told), then the unreleased by rank, which the facilitator can still reorder.
 */
export function listWaitlist(db: Database, cohortId: string) {
	return waitlistQuery(db, cohortId).execute();
}

function waitlistQuery(db: Database, cohortId: string) {
	return db
		.selectFrom('application as a')
		.innerJoin('appUser as u', 'u.id', 'a.userId')
		.leftJoin('enrolment as e', (j) => j.onRef('e.cohortId', '=', 'a.cohortId').onRef('e.userId', '=', 'a.userId'))
		.select(['a.id', 'u.name', 'a.country', 'a.gender', 'a.waitlistRank', 'a.decisionReleasedAt', 'e.status as seat'])
		.where('a.cohortId', '=', cohortId)
		.where('a.status', '=', 'submitted')
		.where('a.decision', '=', 'waitlisted')
		.orderBy(sql`a.decision_released_at is null`)
		.orderBy('e.waitlistPosition')
		.orderBy('a.waitlistRank');
}
