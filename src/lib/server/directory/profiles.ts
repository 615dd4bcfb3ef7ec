import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/connect';
import type { Visibility } from '../db/schema';
import { ValidationError } from '../errors';
import sanitizeHtml from 'sanitize-html';
import { renderMarkdown } from '../content/markdown';
import { PROFILE_VISIBILITY_CHOICES, type PreviewAs, type ProfileInput } from '../../schemas/directory-profile';
import { ensureProfile } from './profile-core';
import { photoUrl } from './profile-photo';
import { CONTACT_FIELDS, SELF, VISITOR, canSeeField, canSeeProfile, isVisibility, relationTo, type ContactField, type Relation } from './visibility';

/**
 * Directory profiles: the profile as one viewer may see it (page and JSON), the owner's editor
 * and its preview, and saving. Every decision about who sees what is made by visibility.ts;
 * this module only leaves out of the object what those rules do not allow, so a channel the
 * viewer may not see never reaches a page's source or a JSON answer.
 */

export interface ProfileNetwork {
	slug: string;
	name: string;
}

export interface AttendedCohort {
	courseTitle: string;
	courseSlug: string;
	cohortName: string;
	year: number;
}

export interface ProfileView {
	userId: string;
	displayName: string;
	headline: string;
	organisation: string;
	/** ISO 3166-1 alpha-2 */
	country: string;
	city: string;
	expertise: string[];
	languages: string[];
	/** the Markdown bio, rendered and sanitised */
	bioHtml: string;
	openToMentoring: boolean;
	/** null: no photo, show `initials` */
	photoUrl: string | null;
	initials: string;
	/** the networks the viewer shares with the person (all of them for the person) */
	networks: ProfileNetwork[];
	/** from Bilim's enrolments, never typed by the person */
	cohorts: AttendedCohort[];
	/** only the channels the viewer may see, and only those filled in */
	contacts: Partial<Record<ContactField, string>>;
	/** the viewer is the person */
	own: boolean;
	/** a moderator hid the profile (only the person and moderators can still see it) */
	hidden: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A profile address is its owner's id; anything else is no profile (and never reaches a uuid cast). */
export const isProfileId = (value: string) => UUID.test(value);

/** One or two letters for the avatar of a person without a photo. */
export function initialsOf(name: string): string {
	const words = name.trim().split(/\s+/).filter(Boolean);
	const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
	return letters
		.map((w) => Array.from(w)[0] ?? '')
		.join('')
		.toLocaleUpperCase();
}

const VISIBILITY_COLUMNS = {
	contactEmail: 'contactEmailVisibility',
	phone: 'phoneVisibility',
	telegram: 'telegramVisibility',
	linkedin: 'linkedinVisibility',
	website: 'websiteVisibility'
} as const satisfies Record<ContactField, string>;

function profileQuery(db: Database, userId: string, viewerId: string | null) {
	return db
		.selectFrom('directoryProfile as p')
		.selectAll('p')
		.select((eb) => [
			jsonArrayFrom(
				eb
					.selectFrom('networkMember as m')
					.innerJoin('network as n', 'n.id', 'm.networkId')
					.select(['n.slug', 'n.name'])
					.select((e) =>
						viewerId === null
							? sql<boolean>`false`.as('shared')
							: e
									.exists(
										e
											.selectFrom('networkMember as vm')
											.select(sql`1`.as('one'))
											.whereRef('vm.networkId', '=', 'm.networkId')
											.where('vm.userId', '=', viewerId)
											.where('vm.status', '=', 'member')
									)
									.as('shared')
					)
					.whereRef('m.userId', '=', 'p.userId')
					.where('m.status', '=', 'member')
					.orderBy('n.name')
			).as('networks'),
			jsonArrayFrom(
				eb
					.selectFrom('enrolment as e')
					.innerJoin('cohort as c', 'c.id', 'e.cohortId')
					.innerJoin('course as co', 'co.id', 'c.courseId')
					.select(['co.title as courseTitle', 'co.slug as courseSlug', 'c.name as cohortName', 'c.startsOn'])
					.whereRef('e.userId', '=', 'p.userId')
					.where('e.status', '=', 'enrolled')
					.orderBy('c.startsOn', 'desc')
					.orderBy('c.name')
			).as('cohorts')
		])
		.where('p.userId', '=', userId);
}

type ProfileRow = NonNullable<Awaited<ReturnType<ReturnType<typeof profileQuery>['executeTakeFirst']>>>;

/** Which of the person's networks this kind of viewer is shown. */
export type NetworkSight = 'all' | 'shared' | 'none';

/**
 * The profile as a viewer with this relation sees it, or undefined when they may not see it.
 * Pure: the page, the JSON and the editor's preview all come through here.
 */
export function toProfileView(row: ProfileRow, relation: Relation, networks: NetworkSight): ProfileView | undefined {
	if (!canSeeProfile(row, relation)) return undefined;
	const contacts: Partial<Record<ContactField, string>> = {};
	for (const field of CONTACT_FIELDS) {
		const value = row[field];
		const visibility: Visibility = row[VISIBILITY_COLUMNS[field]];
		if (value && canSeeField(row, visibility, relation)) contacts[field] = value;
	}
	return {
		userId: row.userId,
		displayName: row.displayName,
		headline: row.headline,
		organisation: row.organisation,
		country: row.country,
		city: row.city,
		expertise: row.expertise,
		languages: row.languages,
		bioHtml: row.bio ? withoutImages(renderMarkdown(row.bio).html) : '',
		openToMentoring: row.openToMentoring,
		photoUrl: row.photo ? photoUrl(row.userId, row.photoVersion) : null,
		initials: initialsOf(row.displayName),
		networks: networks === 'none' ? [] : row.networks.filter((n) => networks === 'all' || n.shared).map(({ slug, name }) => ({ slug, name })),
		cohorts: row.cohorts.map((c) => ({
			courseTitle: c.courseTitle,
			courseSlug: c.courseSlug,
			cohortName: c.cohortName,
			year: Number(String(c.startsOn).slice(0, 4))
		})),
		contacts,
		own: relation.self,
		hidden: row.hiddenAt !== null && (relation.self || relation.moderator)
	};
}

/**
 * A person's profile as this viewer (null: a visitor) may see it; undefined when there is no
 * such profile or the viewer may not see it (the page answers both with the same 404).
 */
export async function getProfileView(db: Database, viewer: { id: string } | null, userId: string): Promise<ProfileView | undefined> {
	if (!isProfileId(userId)) return undefined;
	const viewerId = viewer?.id ?? null;
	const [row, relation] = await Promise.all([profileQuery(db, userId, viewerId).executeTakeFirst(), relationTo(db, viewerId, userId)]);
	if (!row) return undefined;
	return toProfileView(row, relation, relation.self ? 'all' : 'shared');
}

/** The relation the editor's "Preview as" stands for: the same rules, a made-up viewer. */
export const PREVIEW_RELATIONS: Record<PreviewAs, Relation> = {
	visitor: VISITOR,
	member: { ...VISITOR, signedIn: true, sharesNetwork: true },
	connection: { ...VISITOR, signedIn: true, connection: true }
};

/**
 * The person's own profile as that kind of viewer would see it: undefined when such a viewer
 * would not see it at all. A member of one's networks is shown all of them (they could share
 * any); a connection or a visitor none (they need not share one).
 */
export async function previewProfileView(db: Database, userId: string, as: PreviewAs): Promise<ProfileView | undefined> {
	const row = await profileQuery(db, userId, null).executeTakeFirst();
	if (!row) return undefined;
	return toProfileView(row, PREVIEW_RELATIONS[as], as === 'member' ? 'all' : 'none');
}

/** The person's own profile, as they see it (for the editor's "as you see it" view). */
export async function ownProfileView(db: Database, userId: string): Promise<ProfileView | undefined> {
	const row = await profileQuery(db, userId, null).executeTakeFirst();
	return row && toProfileView(row, SELF, 'all');
}

/** Everything the editor shows, as form values (the photo as its address). */
export async function getProfileForEditing(db: Database, userId: string) {
	await ensureProfile(db, userId);
	const row = await db
		.selectFrom('directoryProfile')
		.select([
			'displayName',
			'headline',
			'organisation',
			'country',
			'city',
			'expertise',
			'languages',
			'bio',
			'openToMentoring',
			'visibility',
			'contactEmail',
			'contactEmailVisibility',
			'phone',
			'phoneVisibility',
			'telegram',
			'telegramVisibility',
			'linkedin',
			'linkedinVisibility',
			'website',
			'websiteVisibility',
			'photoVersion',
			'hiddenAt'
		])
		.select((eb) => eb('photo', 'is not', null).as('hasPhoto'))
		.where('userId', '=', userId)
		.executeTakeFirstOrThrow();
	const { photoVersion, hasPhoto, hiddenAt, ...values } = row;
	return {
		values,
		photoUrl: hasPhoto ? photoUrl(userId, photoVersion) : null,
		initials: initialsOf(row.displayName),
		hidden: hiddenAt !== null
	};
}

const VISIBILITY_FIELDS = ['contactEmailVisibility', 'phoneVisibility', 'telegramVisibility', 'linkedinVisibility', 'websiteVisibility'] as const;

/**
 * Saves every field of the editor. A visibility value the rules do not know (a forged form) is
 * refused on its field, and nothing is saved. The bio is stored as the Markdown typed; it is
 * only ever shown rendered and sanitised (toProfileView).
 */
export async function updateProfile(db: Database, userId: string, input: ProfileInput): Promise<void> {
	const visibility = input.visibility;
	if (!isVisibility(visibility) || !(PROFILE_VISIBILITY_CHOICES as readonly string[]).includes(visibility)) {
		throw new ValidationError('visibility', 'error_dir_profile_visibility_invalid');
	}
	const contactVisibility = {} as Record<(typeof VISIBILITY_FIELDS)[number], Visibility>;
	for (const field of VISIBILITY_FIELDS) {
		const value = input[field];
		if (!isVisibility(value)) throw new ValidationError(field, 'error_dir_profile_visibility_invalid');
		contactVisibility[field] = value;
	}
	await ensureProfile(db, userId);
	await db
		.updateTable('directoryProfile')
		.set({
			displayName: input.displayName,
			headline: input.headline,
			organisation: input.organisation,
			country: input.country,
			city: input.city,
			expertise: input.expertise,
			languages: input.languages,
			bio: input.bio,
			openToMentoring: input.openToMentoring,
			visibility: visibility as 'networks' | 'public',
			contactEmail: input.contactEmail,
			phone: input.phone,
			telegram: input.telegram,
			linkedin: input.linkedin,
			website: input.website,
			...contactVisibility,
			updatedAt: new Date()
		})
		.where('userId', '=', userId)
		.execute();
}

/**
 * A bio is sanitised like a lesson, then loses its images (kept as their alt text): an image
 * from another site would tell that site who looks at whose profile, and when.
 */
export function withoutImages(html: string): string {
	return sanitizeHtml(html, {
		allowedTags: false,
		allowedAttributes: false,
		transformTags: { img: (_tag, attribs) => ({ tagName: 'span', attribs: {}, text: attribs.alt ?? '' }) }
	});
}
