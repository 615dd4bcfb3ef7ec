import { sql } from 'kysely';
import type { Database } from '../db/connect';
import { queueMail } from '../mail/outbox';
import { moduleOpenedMail, sessionReminderMail } from './notice-mail';

/**
 * Mail that time, not a person, triggers: "a module is open" (when its release date for the
 * cohort passes) and "a session is coming" (within the next 24 hours), to every enrolled
 * member, each once. Every app instance runs sendDueNotices each minute; a notice's key goes
 * into notice_sent (INSERT ... ON CONFLICT DO NOTHING RETURNING) in the same transaction as
 * its mail, so whichever run inserts the key queues the mail and every other run, on any
 * instance, finds the key taken and sends nothing.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** A module that opened longer ago than this is old news: no mail (e.g. after a long outage). */
export const MODULE_NOTICE_WINDOW_MS = 7 * DAY_MS;
/** Sessions starting within this much time get their reminder. */
export const SESSION_REMINDER_MS = DAY_MS;
/** At most this many notices of each kind per run; the rest go in the next minute. */
const BATCH = 500;

export interface NoticeResult {
	moduleOpened: number;
	sessionReminders: number;
}

/** `origin` is the site's public address, for the links in the mail. */
export async function sendDueNotices(db: Database, now: Date, origin: string = process.env.ORIGIN ?? ''): Promise<NoticeResult> {
	return {
		moduleOpened: await sendModuleOpened(db, now, origin),
		sessionReminders: await sendSessionReminders(db, now, origin)
	};
}

/** Inserts the keys not yet taken; returns those this run took (and so must send). */
async function claim(db: Database, keys: string[]): Promise<Set<string>> {
	if (keys.length === 0) return new Set();
	const rows = await db
		.insertInto('noticeSent')
		// In one order everywhere: two runs claiming overlapping keys then wait, never deadlock.
		.values([...keys].sort().map((key) => ({ key })))
		.onConflict((oc) => oc.column('key').doNothing())
		.returning('key')
		.execute();
	return new Set(rows.map((r) => r.key));
}

async function sendModuleOpened(db: Database, now: Date, origin: string): Promise<number> {
	const key = sql<string>`'module_opened:' || ${sql.ref('r.cohortId')} || ':' || ${sql.ref('r.moduleId')} || ':' || ${sql.ref('e.userId')}`;
	const due = await db
		.selectFrom('cohortModuleRelease as r')
		.innerJoin('cohort as c', 'c.id', 'r.cohortId')
		.innerJoin('course as co', 'co.id', 'c.courseId')
		.innerJoin('courseModule as mo', 'mo.id', 'r.moduleId')
		.innerJoin('enrolment as e', (join) => join.onRef('e.cohortId', '=', 'r.cohortId').on('e.status', '=', 'enrolled'))
		.innerJoin('appUser as u', 'u.id', 'e.userId')
		.select((eb) => [
			key.as('key'),
			'u.email',
			'u.name',
			'u.locale',
			'c.name as cohortName',
			'c.slug as cohortSlug',
			'co.title as courseTitle',
			'co.slug as courseSlug',
			'mo.title as moduleTitle',
			eb
				.selectFrom('lesson')
				.select('lesson.slug')
				.whereRef('lesson.moduleId', '=', 'r.moduleId')
				.orderBy('lesson.position')
				.limit(1)
				.as('firstLesson')
		])
		.where('r.opensAt', '<=', now)
		.where('r.opensAt', '>', new Date(now.getTime() - MODULE_NOTICE_WINDOW_MS))
		.where('c.status', 'in', ['open', 'running'])
		.where('u.deactivatedAt', 'is', null)
		// Someone who joined after the module opened found it open: nothing to announce.
		.where((eb) => eb.or([eb('e.enrolledAt', 'is', null), eb('e.enrolledAt', '<=', eb.ref('r.opensAt'))]))
		.where((eb) => eb.not(eb.exists(eb.selectFrom('noticeSent as n').select('n.key').where('n.key', '=', key))))
		.orderBy('r.opensAt')
		.limit(BATCH)
		.execute();
	if (due.length === 0) return 0;
	return db.transaction().execute(async (trx) => {
		const mine = await claim(
			trx,
			due.map((d) => d.key)
		);
		for (const d of due) {
			if (!mine.has(d.key)) continue;
			const url = d.firstLesson ? `${origin}/courses/${d.courseSlug}/${d.firstLesson}` : `${origin}/cohorts/${d.cohortSlug}`;
			const mail = moduleOpenedMail({ ...d, url });
			await queueMail(trx, { ...mail, to: { address: d.email, name: d.name, locale: d.locale } });
		}
		return mine.size;
	});
}

async function sendSessionReminders(db: Database, now: Date, origin: string): Promise<number> {
	const key = sql<string>`'session_reminder:' || ${sql.ref('s.id')} || ':' || ${sql.ref('e.userId')}`;
	const due = await db
		.selectFrom('cohortSession as s')
		.innerJoin('cohort as c', 'c.id', 's.cohortId')
		.innerJoin('enrolment as e', (join) => join.onRef('e.cohortId', '=', 's.cohortId').on('e.status', '=', 'enrolled'))
		.innerJoin('appUser as u', 'u.id', 'e.userId')
		.select([
			key.as('key'),
			'u.email',
			'u.name',
			'u.locale',
			'c.name as cohortName',
			'c.slug as cohortSlug',
			'c.timeZone',
			's.title',
			's.description',
			's.kind',
			's.url',
			's.place',
			's.startsAt',
			's.endsAt'
		])
		.where('s.startsAt', '>', now)
		.where('s.startsAt', '<=', new Date(now.getTime() + SESSION_REMINDER_MS))
		.where('c.status', '!=', 'finished')
		.where('u.deactivatedAt', 'is', null)
		.where((eb) => eb.not(eb.exists(eb.selectFrom('noticeSent as n').select('n.key').where('n.key', '=', key))))
		.orderBy('s.startsAt')
		.limit(BATCH)
		.execute();
	if (due.length === 0) return 0;
	return db.transaction().execute(async (trx) => {
		const mine = await claim(
			trx,
			due.map((d) => d.key)
		);
		for (const d of due) {
			if (!mine.has(d.key)) continue;
			const mail = sessionReminderMail({ ...d, cohortUrl: `${origin}/cohorts/${d.cohortSlug}` });
			await queueMail(trx, { ...mail, to: { address: d.email, name: d.name, locale: d.locale } });
		}
		return mine.size;
	});
}
