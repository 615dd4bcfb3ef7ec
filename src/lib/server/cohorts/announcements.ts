import type { Transaction } from 'kysely';
import { MAX_ANNOUNCEMENT, MAX_NAME, type AnnouncementInput } from '../../schemas/cohort-admin';
import { renderMarkdown } from '../content/markdown';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import { queueMail } from '../mail/outbox';
import type { Actor } from '../courses/access';
import { lockManagedCohort } from './cohorts';
import { announcementMail } from './announcement-mail';

/**
 * Announcements: news a facilitator posts to the cohort. Each is shown on the cohort's page
 * and mailed, through the outbox in the same transaction, to every enrolled member in their
 * own language: the mail goes if and only if the announcement is stored, once.
 */

type Who = Actor | null | undefined;

export async function postAnnouncement(
	trx: Transaction<DB>,
	actor: Who,
	slug: string,
	input: AnnouncementInput,
	now: Date,
	/** The site's address, for the link in the mail (e.g. https://learn.example.org). */
	origin: string
) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const title = input.title.trim();
	const body = input.body.replace(/\r\n?/g, '\n').trim();
	if (!title) throw new ValidationError('title', 'error_required');
	if (title.length > MAX_NAME) throw new ValidationError('title', 'error_too_long');
	if (!body) throw new ValidationError('body', 'error_required');
	if (body.length > MAX_ANNOUNCEMENT) throw new ValidationError('body', 'error_too_long');
	const announcement = await trx
		.insertInto('announcement')
		.values({ cohortId: cohort.id, authorId: actor!.id, title, body, createdAt: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	const author = await trx.selectFrom('appUser').select('name').where('id', '=', actor!.id).executeTakeFirstOrThrow();
	const members = await trx
		.selectFrom('enrolment')
		.innerJoin('appUser', 'appUser.id', 'enrolment.userId')
		.select(['appUser.email', 'appUser.name', 'appUser.locale'])
		.where('enrolment.cohortId', '=', cohort.id)
		.where('enrolment.status', '=', 'enrolled')
		.where('appUser.deactivatedAt', 'is', null)
		.execute();
	const facts = { cohortName: cohort.name, title, body, authorName: author.name, url: `${origin}/cohorts/${cohort.slug}` };
	for (const member of members) {
		await queueMail(trx, {
			...announcementMail(facts, member),
			to: { address: member.email, name: member.name, locale: member.locale }
		});
	}
	return { id: announcement.id, recipients: members.length };
}

/** The cohort's announcements, newest first, with their Markdown rendered for the page. */
export async function listAnnouncements(db: Database, cohortId: string) {
	const rows = await db
		.selectFrom('announcement')
		.leftJoin('appUser', 'appUser.id', 'announcement.authorId')
		.select(['announcement.id', 'announcement.title', 'announcement.body', 'announcement.createdAt', 'appUser.name as authorName'])
		.where('announcement.cohortId', '=', cohortId)
		.orderBy('announcement.createdAt', 'desc')
		.orderBy('announcement.id')
		.execute();
	return rows.map((r) => ({ ...r, html: renderMarkdown(r.body).html }));
}

/** Takes an announcement off the cohort's page (mail already sent stays sent). */
export async function deleteAnnouncement(trx: Transaction<DB>, actor: Who, slug: string, announcementId: string) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const result = await trx
		.deleteFrom('announcement')
		.where('id', '=', announcementId)
		.where('cohortId', '=', cohort.id)
		.executeTakeFirst();
	if (!result.numDeletedRows) throw new NotFoundError('error_announcement_not_found');
}
