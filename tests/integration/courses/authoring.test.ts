import { zipSync } from 'fflate';
import { sql, type Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/lib/server/courses/access';
import {
	createCourse,
	deleteCourseFile,
	getEditableCourse,
	listEditableCourses,
	previewMarkdown,
	setCourseStatus,
	updateCourseDetails,
	uploadCourseFile
} from '../../../src/lib/server/courses/authoring';
import { getLessonForEditing, listLessonRevisions, saveLesson } from '../../../src/lib/server/courses/lesson-editor';
import {
	addLesson,
	addModule,
	deleteLesson,
	deleteModule,
	getOutline,
	moveLesson,
	moveModule,
	placeLesson,
	renameModule
} from '../../../src/lib/server/courses/outline';
import { CoursePackageError } from '../../../src/lib/server/courses/packages';
import { importCourseZipAs } from '../../../src/lib/server/courses/zip-import';
import type { DB, Role } from '../../../src/lib/server/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { PNG, validCourseFiles } from '../../course-package';
import { makeOrganisation, makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const enc = (s: string) => new TextEncoder().encode(s);

async function person(role: Role, organisationId: string | null, name = `A ${role}`): Promise<Actor> {
	const user = await makeUser(db, { role, name });
	await db.updateTable('appUser').set({ organisationId }).where('id', '=', user.id).execute();
	return { id: user.id, role, organisationId };
}

/** Runs a use case in a transaction that is always rolled back, so each try starts from the same course. */
const ROLLBACK = new Error('rollback');
async function attempt(fn: (trx: Transaction<DB>) => Promise<unknown>): Promise<'allowed' | 'forbidden'> {
	try {
		await db.transaction().execute(async (trx) => {
			await fn(trx);
			throw ROLLBACK;
		});
	} catch (e) {
		if (e === ROLLBACK) return 'allowed';
		if (e instanceof ForbiddenError) return 'forbidden';
		throw e;
	}
	throw new Error('unreachable');
}

/** The error a promise rejects with, for asserting its class, message key and field. */
async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (e) {
		return e as ValidationError;
	}
	throw new Error('expected a failure');
}

const tx = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);
const searchFor = (word: string) =>
	db
		.selectFrom('course')
		.select(['id', 'slug'])
		.where(sql<boolean>`search_document @@ websearch_to_tsquery('english', ${word})`)
		.execute();

const DETAILS = {
	title: 'Drip irrigation basics',
	summary: 'How drip systems save water on small farms.',
	description: 'A **short** course.',
	language: 'en',
	thematicAreas: ['water-saving'],
	level: 'introductory' as const,
	estimatedHours: 1.5,
	outcomes: ['Sketch a drip layout'],
	licence: 'CC-BY-4.0' as const,
	authors: ['A. Author'],
	coverAssetId: null
};

let orgA: string;
let orgB: string;
let admin: Actor;
let authorA: Actor;
let authorB: Actor;
let authorNoOrg: Actor;
let facilitator: Actor;
let learner: Actor;

beforeAll(async () => {
	orgA = (await makeOrganisation(db, { name: 'Owning Org' })).id;
	orgB = (await makeOrganisation(db, { name: 'Other Org' })).id;
	admin = await person('admin', null, 'Ada Admin');
	authorA = await person('author', orgA, 'Aigul Author');
	authorB = await person('author', orgB, 'Boris Author');
	authorNoOrg = await person('author', null);
	facilitator = await person('facilitator', orgA);
	learner = await person('learner', orgA);
});

describe('who may author', () => {
	const slug = 'permission-matrix';
	let moduleId: string;
	let lessonId: string;
	let assetId: string;

	beforeAll(async () => {
		await tx((trx) => createCourse(trx, authorA, { title: 'Permission matrix', language: 'en' }));
		await tx((trx) => updateCourseDetails(trx, authorA, slug, DETAILS));
		moduleId = (await tx((trx) => addModule(trx, authorA, slug, 'First'))).id;
		await tx((trx) => addModule(trx, authorA, slug, 'Second'));
		lessonId = (await tx((trx) => addLesson(trx, authorA, slug, moduleId, 'Welcome'))).id;
		assetId = (await tx((trx) => uploadCourseFile(trx, authorA, slug, { fileName: 'map.png', data: PNG }))).id;
	});

	const actors = () =>
		({
			admin,
			'author of the owning organisation': authorA,
			'author of another organisation': authorB,
			'author without organisation': authorNoOrg,
			facilitator,
			learner,
			visitor: null
		}) as Record<string, Actor | null>;
	const mayEdit = ['admin', 'author of the owning organisation'];
	const mayCreate = ['admin', 'author of the owning organisation', 'author of another organisation'];

	const operations: Record<string, (trx: Transaction<DB>, actor: Actor | null) => Promise<unknown>> = {
		open: (trx, actor) => getEditableCourse(trx, actor, slug),
		edit: (trx, actor) => updateCourseDetails(trx, actor, slug, { ...DETAILS, title: 'Changed' }),
		publish: (trx, actor) => setCourseStatus(trx, actor, slug, 'published'),
		archive: (trx, actor) => setCourseStatus(trx, actor, slug, 'archived'),
		'add module': (trx, actor) => addModule(trx, actor, slug, 'Third'),
		'rename module': (trx, actor) => renameModule(trx, actor, slug, moduleId, 'Renamed'),
		reorder: (trx, actor) => moveModule(trx, actor, slug, moduleId, 'down'),
		'move lesson': (trx, actor) => placeLesson(trx, actor, slug, lessonId, moduleId, 1),
		'add lesson': (trx, actor) => addLesson(trx, actor, slug, moduleId, 'Another lesson'),
		'save lesson': (trx, actor) =>
			saveLesson(trx, actor, slug, lessonId, {
				title: 'Welcome',
				slug: 'welcome',
				minutes: 5,
				required: true,
				videoUrl: null,
				videoAssetId: null,
				body: 'Hello',
				attachments: []
			}),
		upload: (trx, actor) => uploadCourseFile(trx, actor, slug, { fileName: 'photo.png', data: PNG }),
		'delete file': (trx, actor) => deleteCourseFile(trx, actor, slug, assetId),
		'delete lesson': (trx, actor) => deleteLesson(trx, actor, slug, lessonId),
		'delete module': (trx, actor) => deleteModule(trx, actor, slug, moduleId),
		preview: (trx, actor) => previewMarkdown(trx, actor, slug, '# Hi')
	};

	it.each(Object.keys(operations))('%s: only administrators and the owning organisation’s authors', async (name) => {
		const outcome: Record<string, string> = {};
		for (const [who, actor] of Object.entries(actors())) {
			outcome[who] = await attempt((trx) => operations[name]!(trx, actor));
		}
		expect(outcome).toEqual(
			Object.fromEntries(Object.keys(actors()).map((who) => [who, mayEdit.includes(who) ? 'allowed' : 'forbidden']))
		);
	});

	it('create: administrators, and authors who have an organisation', async () => {
		const outcome: Record<string, string> = {};
		for (const [who, actor] of Object.entries(actors())) {
			outcome[who] = await attempt((trx) => createCourse(trx, actor, { title: 'Brand new course', language: 'ru' }));
		}
		expect(outcome).toEqual(
			Object.fromEntries(Object.keys(actors()).map((who) => [who, mayCreate.includes(who) ? 'allowed' : 'forbidden']))
		);
	});

	it('lists each person the courses they may edit, and refuses the list to non-authors', async () => {
		await tx((trx) => createCourse(trx, authorB, { title: 'Other organisation course', language: 'en' }));
		const slugs = async (actor: Actor) => (await listEditableCourses(db, actor)).map((c) => c.slug).sort();
		expect(await slugs(admin)).toEqual(['other-organisation-course', 'permission-matrix']);
		expect(await slugs(authorA)).toEqual(['permission-matrix']);
		expect(await slugs(authorB)).toEqual(['other-organisation-course']);
		expect(await slugs(authorNoOrg)).toEqual([]);
		for (const actor of [facilitator, learner, null]) {
			await expect(listEditableCourses(db, actor)).rejects.toBeInstanceOf(ForbiddenError);
		}
	});

	it('gives an author’s new course their organisation, and lets an administrator choose', async () => {
		const own = await tx((trx) => createCourse(trx, authorB, { title: 'Owned', language: 'en', organisationId: orgA }));
		const chosen = await tx((trx) => createCourse(trx, admin, { title: 'Chosen', language: 'en', organisationId: orgA }));
		const none = await tx((trx) => createCourse(trx, admin, { title: 'Unowned', language: 'en' }));
		const orgOf = async (id: string) =>
			(await db.selectFrom('course').select(['organisationId', 'status', 'createdBy']).where('id', '=', id).executeTakeFirstOrThrow());
		expect(await orgOf(own.id)).toEqual({ organisationId: orgB, status: 'draft', createdBy: authorB.id });
		expect((await orgOf(chosen.id)).organisationId).toBe(orgA);
		expect((await orgOf(none.id)).organisationId).toBeNull();
		const e = await failure(tx((trx) => createCourse(trx, admin, { title: 'X', language: 'en', organisationId: crypto.randomUUID() })));
		expect([e.constructor, e.field, e.message]).toEqual([ValidationError, 'organisationId', 'error_organisation_unknown']);
	});

	it('answers "not found" for a course that does not exist, whoever asks', async () => {
		await expect(getEditableCourse(db, admin, 'no-such-course')).rejects.toBeInstanceOf(NotFoundError);
		await expect(getEditableCourse(db, authorB, 'no-such-course')).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('slugs', () => {
	it('makes the course slug from the title and refuses one that is taken', async () => {
		const course = await tx((trx) => createCourse(trx, authorA, { title: 'Водные ресурсы: основы', language: 'ru' }));
		expect(course.slug).toBe('vodnye-resursy-osnovy');
		let e = await failure(tx((trx) => createCourse(trx, authorA, { title: 'Водные ресурсы: основы', language: 'ru' })));
		expect([e.constructor, e.field, e.message, e.params]).toEqual([
			ValidationError,
			'slug',
			'error_course_slug_taken',
			{ slug: 'vodnye-resursy-osnovy' }
		]);
		e = await failure(tx((trx) => createCourse(trx, authorA, { title: 'Other', slug: 'vodnye-resursy-osnovy', language: 'ru' })));
		expect(e.field).toBe('slug');
		const custom = await tx((trx) => createCourse(trx, authorA, { title: 'Other', slug: 'water-2', language: 'en' }));
		expect(custom.slug).toBe('water-2');
	});

	it('refuses a lesson whose slug is taken anywhere in the course, when added or renamed', async () => {
		const { slug } = await tx((trx) => createCourse(trx, authorA, { title: 'Lesson slugs', language: 'en' }));
		const m1 = await tx((trx) => addModule(trx, authorA, slug, 'One'));
		const m2 = await tx((trx) => addModule(trx, authorA, slug, 'Two'));
		await tx((trx) => addLesson(trx, authorA, slug, m1.id, 'Intro'));
		const other = await tx((trx) => addLesson(trx, authorA, slug, m1.id, 'Field work'));
		let e = await failure(tx((trx) => addLesson(trx, authorA, slug, m2.id, 'Intro!')));
		expect([e.constructor, e.field, e.message, e.params]).toEqual([ValidationError, 'title', 'error_lesson_slug_taken', { slug: 'intro' }]);
		e = await failure(
			tx((trx) =>
				saveLesson(trx, authorA, slug, other.id, {
					title: 'Field work',
					slug: 'intro',
					minutes: 10,
					required: true,
					videoUrl: null,
					videoAssetId: null,
					body: '',
					attachments: []
				})
			)
		);
		expect([e.field, e.message]).toEqual(['slug', 'error_lesson_slug_taken']);
		// Modules get a free slug of their own, numbered when the title repeats.
		const again = await tx((trx) => addModule(trx, authorA, slug, 'One'));
		expect([m1.slug, again.slug]).toEqual(['one', 'one-2']);
	});
});

describe('reordering', () => {
	const slug = 'reorder-course';
	const outline = async () => {
		const course = await getEditableCourse(db, authorA, slug);
		return (await getOutline(db, course.id)).map((m) => ({
			module: m.title,
			position: m.position,
			lessons: m.lessons.map((l) => `${l.position}:${l.title}`)
		}));
	};
	const ids = new Map<string, string>();

	beforeAll(async () => {
		await tx((trx) => createCourse(trx, authorA, { title: 'Reorder course', language: 'en' }));
		for (const title of ['M1', 'M2', 'M3']) ids.set(title, (await tx((trx) => addModule(trx, authorA, slug, title))).id);
		for (const [module, lessons] of [
			['M1', ['a', 'b', 'c']],
			['M2', ['d']]
		] as const) {
			for (const title of lessons) ids.set(title, (await tx((trx) => addLesson(trx, authorA, slug, ids.get(module)!, title))).id);
		}
	});

	it('starts numbered 1..n', async () => {
		expect(await outline()).toEqual([
			{ module: 'M1', position: 1, lessons: ['1:a', '2:b', '3:c'] },
			{ module: 'M2', position: 2, lessons: ['1:d'] },
			{ module: 'M3', position: 3, lessons: [] }
		]);
	});

	it('moves modules up and down, and does nothing at the edges', async () => {
		await tx((trx) => moveModule(trx, authorA, slug, ids.get('M1')!, 'up'));
		await tx((trx) => moveModule(trx, authorA, slug, ids.get('M3')!, 'down'));
		expect((await outline()).map((m) => `${m.position}:${m.module}`)).toEqual(['1:M1', '2:M2', '3:M3']);
		await tx((trx) => moveModule(trx, authorA, slug, ids.get('M3')!, 'up'));
		expect((await outline()).map((m) => `${m.position}:${m.module}`)).toEqual(['1:M1', '2:M3', '3:M2']);
		await tx((trx) => moveModule(trx, authorA, slug, ids.get('M1')!, 'down'));
		expect((await outline()).map((m) => `${m.position}:${m.module}`)).toEqual(['1:M3', '2:M1', '3:M2']);
	});

	it('moves lessons within their module, and does nothing at the edges', async () => {
		await tx((trx) => moveLesson(trx, authorA, slug, ids.get('a')!, 'up'));
		await tx((trx) => moveLesson(trx, authorA, slug, ids.get('c')!, 'down'));
		await tx((trx) => moveLesson(trx, authorA, slug, ids.get('d')!, 'down'));
		expect((await outline()).find((m) => m.module === 'M1')!.lessons).toEqual(['1:a', '2:b', '3:c']);
		await tx((trx) => moveLesson(trx, authorA, slug, ids.get('c')!, 'up'));
		expect((await outline()).find((m) => m.module === 'M1')!.lessons).toEqual(['1:a', '2:c', '3:b']);
		await tx((trx) => moveLesson(trx, authorA, slug, ids.get('a')!, 'down'));
		expect((await outline()).find((m) => m.module === 'M1')!.lessons).toEqual(['1:c', '2:a', '3:b']);
	});

	it('moves a lesson to another module (at the end, or at a place) and renumbers both', async () => {
		await tx((trx) => placeLesson(trx, authorA, slug, ids.get('a')!, ids.get('M2')!));
		let now = await outline();
		expect(now.find((m) => m.module === 'M1')!.lessons).toEqual(['1:c', '2:b']);
		expect(now.find((m) => m.module === 'M2')!.lessons).toEqual(['1:d', '2:a']);
		await tx((trx) => placeLesson(trx, authorA, slug, ids.get('b')!, ids.get('M2')!, 1));
		await tx((trx) => placeLesson(trx, authorA, slug, ids.get('c')!, ids.get('M3')!, 99));
		now = await outline();
		expect(now).toEqual([
			{ module: 'M3', position: 1, lessons: ['1:c'] },
			{ module: 'M1', position: 2, lessons: [] },
			{ module: 'M2', position: 3, lessons: ['1:b', '2:d', '3:a'] }
		]);
		// Within its own module, to a place.
		await tx((trx) => placeLesson(trx, authorA, slug, ids.get('a')!, ids.get('M2')!, 1));
		expect((await outline()).find((m) => m.module === 'M2')!.lessons).toEqual(['1:a', '2:b', '3:d']);
	});

	it('renumbers after deleting a lesson or a module (whose lessons go with it)', async () => {
		await tx((trx) => deleteLesson(trx, authorA, slug, ids.get('b')!));
		expect((await outline()).find((m) => m.module === 'M2')!.lessons).toEqual(['1:a', '2:d']);
		await tx((trx) => deleteModule(trx, authorA, slug, ids.get('M3')!));
		expect(await outline()).toEqual([
			{ module: 'M1', position: 1, lessons: [] },
			{ module: 'M2', position: 2, lessons: ['1:a', '2:d'] }
		]);
		expect(await db.selectFrom('lesson').select('id').where('id', '=', ids.get('c')!).executeTakeFirst()).toBeUndefined();
	});

	it('refuses modules and lessons of another course', async () => {
		const other = await tx((trx) => createCourse(trx, authorA, { title: 'Reorder other', language: 'en' }));
		await expect(tx((trx) => moveModule(trx, authorA, other.slug, ids.get('M1')!, 'up'))).rejects.toBeInstanceOf(NotFoundError);
		await expect(tx((trx) => moveLesson(trx, authorA, other.slug, ids.get('a')!, 'up'))).rejects.toBeInstanceOf(NotFoundError);
		await expect(tx((trx) => placeLesson(trx, authorA, slug, ids.get('a')!, crypto.randomUUID()))).rejects.toBeInstanceOf(
			NotFoundError
		);
	});
});

describe('publishing', () => {
	it('needs a lesson and the course details; the first publication sets published_at', async () => {
		const { slug, id } = await tx((trx) => createCourse(trx, authorA, { title: 'Publish me', language: 'en' }));
		let e = await failure(tx((trx) => setCourseStatus(trx, authorA, slug, 'published')));
		expect([e.constructor, e.message]).toEqual([ConflictError, 'error_publish_no_lessons']);
		const m = await tx((trx) => addModule(trx, authorA, slug, 'Only module'));
		await tx((trx) => addLesson(trx, authorA, slug, m.id, 'Only lesson'));
		e = await failure(tx((trx) => setCourseStatus(trx, authorA, slug, 'published')));
		expect([e.constructor, e.message]).toEqual([ConflictError, 'error_publish_incomplete']);
		await tx((trx) => updateCourseDetails(trx, authorA, slug, { ...DETAILS, title: 'Publish me' }));

		const state = () => db.selectFrom('course').select(['status', 'publishedAt']).where('id', '=', id).executeTakeFirstOrThrow();
		expect((await state()).status).toBe('draft');
		await tx((trx) => setCourseStatus(trx, authorA, slug, 'published'));
		const first = await state();
		expect(first.status).toBe('published');
		expect(first.publishedAt).toBeInstanceOf(Date);
		await tx((trx) => setCourseStatus(trx, authorA, slug, 'draft'));
		expect(await state()).toEqual({ status: 'draft', publishedAt: first.publishedAt });
		await tx((trx) => setCourseStatus(trx, authorA, slug, 'published'));
		expect(await state()).toEqual({ status: 'published', publishedAt: first.publishedAt });
		await tx((trx) => setCourseStatus(trx, authorA, slug, 'archived'));
		expect((await state()).status).toBe('archived');
	});

	it('saves course details and indexes them for search; the cover must be an image of the course', async () => {
		const { slug, id } = await tx((trx) => createCourse(trx, authorA, { title: 'Details', language: 'en' }));
		await tx((trx) => updateCourseDetails(trx, authorA, slug, { ...DETAILS, summary: 'About quokkaland irrigation.' }));
		const course = await getEditableCourse(db, authorA, slug);
		expect([course.title, course.outcomes, course.authors, course.estimatedHours, course.thematicAreas]).toEqual([
			DETAILS.title,
			DETAILS.outcomes,
			DETAILS.authors,
			1.5,
			['water-saving']
		]);
		expect((await searchFor('quokkaland')).map((c) => c.id)).toEqual([id]);

		const pdf = await tx((trx) => uploadCourseFile(trx, authorA, slug, { fileName: 'notes.pdf', data: enc('%PDF-1.4\n') }));
		const e = await failure(tx((trx) => updateCourseDetails(trx, authorA, slug, { ...DETAILS, coverAssetId: pdf.id })));
		expect([e.field, e.message]).toEqual(['coverAssetId', 'error_cover_not_image']);
		const png = await tx((trx) => uploadCourseFile(trx, authorA, slug, { fileName: 'cover.png', data: PNG }));
		await tx((trx) => updateCourseDetails(trx, authorA, slug, { ...DETAILS, coverAssetId: png.id }));
		expect((await getEditableCourse(db, authorA, slug)).coverAssetId).toBe(png.id);
	});
});

describe('the lesson editor', () => {
	const slug = 'lesson-editing';
	let lessonId: string;

	beforeAll(async () => {
		await tx((trx) => createCourse(trx, authorA, { title: 'Lesson editing', language: 'en' }));
		const m = await tx((trx) => addModule(trx, authorA, slug, 'Module'));
		lessonId = (await tx((trx) => addLesson(trx, authorA, slug, m.id, 'Canals'))).id;
	});

	const changes = (overrides: Partial<Parameters<typeof saveLesson>[4]> = {}) => ({
		title: 'Canals',
		slug: 'canals',
		minutes: 15,
		required: false,
		videoUrl: null,
		videoAssetId: null,
		body: 'Canals carry **water**.',
		attachments: [],
		...overrides
	});

	it('records who changed the title or text and when, newest first; an unchanged save adds nothing', async () => {
		let revisions = await listLessonRevisions(db, lessonId);
		expect(revisions.map((r) => [r.source, r.title, r.userName])).toEqual([['editor', 'Canals', 'Aigul Author']]);
		await tx((trx) => saveLesson(trx, authorA, slug, lessonId, changes()));
		await tx((trx) => saveLesson(trx, admin, slug, lessonId, changes({ title: 'Canals and ditches' })));
		await tx((trx) => saveLesson(trx, admin, slug, lessonId, changes({ title: 'Canals and ditches', minutes: 20 })));
		revisions = await listLessonRevisions(db, lessonId);
		expect(revisions.map((r) => [r.title, r.userName])).toEqual([
			['Canals and ditches', 'Ada Admin'],
			['Canals', 'Aigul Author'],
			['Canals', 'Aigul Author']
		]);
		const stored = await db.selectFrom('lessonRevision').select(['body', 'userId']).where('id', '=', revisions[1]!.id).executeTakeFirstOrThrow();
		expect(stored).toEqual({ body: 'Canals carry **water**.', userId: authorA.id });
		const { lesson } = await getLessonForEditing(db, authorA, slug, 'canals');
		expect([lesson.title, lesson.estimatedMinutes, lesson.required, lesson.body]).toEqual([
			'Canals and ditches',
			20,
			false,
			'Canals carry **water**.'
		]);
	});

	it('indexes the lesson text for search', async () => {
		await tx((trx) => saveLesson(trx, authorA, slug, lessonId, changes({ body: 'The wombatcanal story.' })));
		expect((await searchFor('wombatcanal')).map((c) => c.slug)).toEqual([slug]);
	});

	it('checks the video, attachments and the files the text links to', async () => {
		const check = async (overrides: Partial<Parameters<typeof saveLesson>[4]>) => {
			const e = await failure(tx((trx) => saveLesson(trx, authorA, slug, lessonId, changes(overrides))));
			return [e.field, e.message];
		};
		expect(await check({ videoUrl: 'https://evil.example/watch?v=dQw4w9WgXcQ' })).toEqual(['videoUrl', 'error_video_url']);
		const png = await tx((trx) => uploadCourseFile(trx, authorA, slug, { fileName: 'canal.png', data: PNG }));
		expect(await check({ videoAssetId: png.id })).toEqual(['videoAssetId', 'error_video_file']);
		expect(await check({ videoUrl: 'https://youtu.be/dQw4w9WgXcQ', videoAssetId: png.id })).toEqual(['videoUrl', 'error_video_both']);
		expect(await check({ attachments: [{ assetId: crypto.randomUUID(), title: '' }] })).toEqual(['attachments', 'error_attachment_unknown']);
		expect(await check({ body: '![Missing](assets/missing.png)' })).toEqual(['body', 'error_lesson_missing_file']);
		expect(await check({ body: '[Escape](../../etc/passwd)' })).toEqual(['body', 'error_lesson_missing_file']);

		await tx((trx) =>
			saveLesson(
				trx,
				authorA,
				slug,
				lessonId,
				changes({
					videoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
					body: '![A canal](assets/canal.png) and ![again](../assets/canal.png) [web](https://example.org)',
					attachments: [
						{ assetId: png.id, title: '' },
						{ assetId: png.id, title: 'twice' }
					]
				})
			)
		);
		const { lesson, attachments } = await getLessonForEditing(db, authorA, slug, 'canals');
		expect(lesson.videoUrl).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
		expect(attachments).toEqual([{ assetId: png.id, title: 'canal.png' }]);
		const html = await previewMarkdown(db, authorA, slug, '![A canal](assets/canal.png)\n\n<script>alert(1)</script>');
		expect(html).toContain(`src="/files/${png.id}/canal.png"`);
		expect(html).not.toContain('<script');
	});
});

describe('course files', () => {
	const slug = 'course-files';
	beforeAll(async () => {
		await tx((trx) => createCourse(trx, authorA, { title: 'Course files', language: 'en' }));
	});
	const upload = (fileName: string, data: Uint8Array) => tx((trx) => uploadCourseFile(trx, authorA, slug, { fileName, data }));

	it('stores a PNG under assets/ with a safe, free name', async () => {
		const first = await upload('Field Photo (1).PNG', PNG);
		const second = await upload('field-photo-1.png', PNG);
		expect([first.path, first.contentType, first.size]).toEqual(['assets/field-photo-1.png', 'image/png', PNG.byteLength]);
		expect(second.path).toBe('assets/field-photo-1-2.png');
		const stored = await db.selectFrom('asset').select(['createdBy', 'data']).where('id', '=', first.id).executeTakeFirstOrThrow();
		expect(stored.createdBy).toBe(authorA.id);
		expect(Buffer.from(stored.data).equals(Buffer.from(PNG))).toBe(true);
	});

	it('refuses HTML renamed .png, SVG, empty and over-sized files', async () => {
		const reason = async (fileName: string, data: Uint8Array) => {
			const e = await failure(upload(fileName, data));
			return [e.constructor, e.field, e.message];
		};
		expect(await reason('page.png', enc('<html><script>alert(1)</script></html>'))).toEqual([ValidationError, 'file', 'error_file_content']);
		expect(await reason('logo.svg', enc('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual([
			ValidationError,
			'file',
			'error_file_type'
		]);
		expect(await reason('page.html', enc('<html></html>'))).toEqual([ValidationError, 'file', 'error_file_type']);
		expect(await reason('empty.png', new Uint8Array())).toEqual([ValidationError, 'file', 'error_file_empty']);
		const big = new Uint8Array(20 * 1024 * 1024 + 1);
		big.set(PNG);
		expect(await reason('huge.png', big)).toEqual([ValidationError, 'file', 'error_file_too_large']);
		const names = await db.selectFrom('asset').innerJoin('course', 'course.id', 'asset.courseId').select('path').where('course.slug', '=', slug).execute();
		expect(names.map((n) => n.path).sort()).toEqual(['assets/field-photo-1-2.png', 'assets/field-photo-1.png']);
	});

	it('keeps a course’s files within 200 MB in all', async () => {
		const { id, slug: full } = await tx((trx) => createCourse(trx, authorA, { title: 'Full course', language: 'en' }));
		// The size column is what counts; the row need not hold 200 MB of bytes.
		await db
			.insertInto('asset')
			.values({ courseId: id, path: 'assets/big.mp4', contentType: 'video/mp4', size: 200 * 1024 * 1024 - 10, sha256: 'x', data: PNG })
			.execute();
		const e = await failure(tx((trx) => uploadCourseFile(trx, authorA, full, { fileName: 'one-more.png', data: PNG })));
		expect([e.field, e.message, e.params]).toEqual(['file', 'error_course_files_too_large', { mb: 200 }]);
	});

	it('deletes a file of the course only', async () => {
		const file = await upload('gone.png', PNG);
		const other = await tx((trx) => createCourse(trx, authorA, { title: 'Files elsewhere', language: 'en' }));
		await expect(tx((trx) => deleteCourseFile(trx, authorA, other.slug, file.id))).rejects.toBeInstanceOf(NotFoundError);
		await tx((trx) => deleteCourseFile(trx, authorA, slug, file.id));
		expect(await db.selectFrom('asset').select('id').where('id', '=', file.id).executeTakeFirst()).toBeUndefined();
	});
});

describe('importing a zip in the browser', () => {
	const zip = (slug: string, overrides: Parameters<typeof validCourseFiles>[0] = {}) => {
		const entries: Record<string, Uint8Array> = {};
		for (const [path, data] of validCourseFiles(overrides)) entries[`${slug}/${path}`] = data;
		return zipSync(entries);
	};

	it('gives an author’s new course their organisation, whatever course.yaml says, and creates no organisation', async () => {
		const result = await importCourseZipAs(db, authorB, zip('zip-by-author'), 'zip-by-author.zip');
		expect(result.created).toBe(true);
		const course = await db.selectFrom('course').select(['organisationId', 'createdBy']).where('id', '=', result.courseId).executeTakeFirstOrThrow();
		expect(course).toEqual({ organisationId: orgB, createdBy: authorB.id });
		expect(await db.selectFrom('organisation').select('id').where('name', '=', 'Test Water Institute').executeTakeFirst()).toBeUndefined();
		// Importing again updates the same course.
		expect((await importCourseZipAs(db, authorB, zip('zip-by-author'), 'zip-by-author.zip')).created).toBe(false);
	});

	it('refuses a zip whose slug is another organisation’s course, changing nothing', async () => {
		const before = await db.selectFrom('course').select(['title', 'updatedAt']).where('slug', '=', 'zip-by-author').executeTakeFirstOrThrow();
		const e = await failure(importCourseZipAs(db, authorA, zip('zip-by-author'), 'zip-by-author.zip'));
		expect([e.constructor, e.message, e.params]).toEqual([ForbiddenError, 'error_import_not_yours', { slug: 'zip-by-author' }]);
		expect(await db.selectFrom('course').select(['title', 'updatedAt']).where('slug', '=', 'zip-by-author').executeTakeFirstOrThrow()).toEqual(before);
		for (const actor of [authorNoOrg, facilitator, learner, null]) {
			await expect(importCourseZipAs(db, actor, zip('zip-anyone'), 'zip-anyone.zip')).rejects.toBeInstanceOf(ForbiddenError);
		}
	});

	it('lets an administrator import with the organisation of course.yaml', async () => {
		const result = await importCourseZipAs(db, admin, zip('zip-by-admin'), 'zip-by-admin.zip');
		const org = await db
			.selectFrom('course')
			.innerJoin('organisation', 'organisation.id', 'course.organisationId')
			.select('organisation.name')
			.where('course.id', '=', result.courseId)
			.executeTakeFirstOrThrow();
		expect(org.name).toBe('Test Water Institute');
	});

	it('lists every problem of a broken package', async () => {
		const broken = zip('zip-broken', {
			'course.yaml': 'title: Broken\nlanguage: xx\n',
			'assets/page.png': enc('<html></html>')
		});
		const e = (await failure(importCourseZipAs(db, authorA, broken, 'zip-broken.zip'))) as unknown as CoursePackageError;
		expect(e).toBeInstanceOf(CoursePackageError);
		expect(e.problems.length).toBeGreaterThanOrEqual(3);
		expect(e.problems.join('\n')).toMatch(/language/);
		expect(e.problems.join('\n')).toMatch(/page\.png/);
		expect(await db.selectFrom('course').select('id').where('slug', '=', 'zip-broken').executeTakeFirst()).toBeUndefined();
	});
});
