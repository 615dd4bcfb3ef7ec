import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { CourseAccess } from '../db/schema';
import { canEditCourse, type Actor } from '../courses/access';
import type { LessonView } from '../courses/reader';
import { progressContext } from '../progress/progress';
import * as m from '$lib/paraglide/messages.js';
import { readH5pItemData, type H5pCompletion, type H5pItemData } from './activity-settings';
import { activityIri, actorMail } from './identity';
import { playerPath } from './links';
import { libraryLabel } from './package';
import { readH5pResult } from './results';
import { findH5pState } from './state';
import { contentReadiness } from './store';

/**
 * An H5P activity on its lesson page (docs/h5p.md): a lesson whose one item has kind 'h5p'.
 * What the page shows its reader: the player (a signed link, who they are to the content, their
 * saved state), or why it cannot play; their best result and how the activity completes.
 */

export interface H5pLesson {
	id: string;
	slug: string;
	title: string;
	courseId: string;
	courseAccess: CourseAccess;
	/** null: the item's data is unreadable, or names content that is not this course's. */
	settings: H5pItemData | null;
	/** The content's title and main library ("H5P.TrueFalse 1.6"), when settings name it. */
	content: { title: string; mainLibrary: string } | null;
	/** No package uploaded yet (a lesson just made in the editor: its item's data is `{}`). */
	empty: boolean;
	/** Some library of the content waits for an administrator's approval. */
	pending: boolean;
}

/** The H5P lesson of a course by slug; undefined when there is none or it is another kind. One query. */
export async function findH5pLesson(db: Database, courseId: string, lessonSlug: string): Promise<H5pLesson | undefined> {
	const row = await db
		.selectFrom('lesson')
		.innerJoin('course', 'course.id', 'lesson.courseId')
		.innerJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		// The content the item names, when it is this course's (compared as text: a tampered id is no error).
		.leftJoin('h5pContent as c', (j) =>
			j.onRef('c.courseId', '=', 'lesson.courseId').on(sql<string>`c.id::text`, '=', sql<string>`${sql.ref('lessonItem.data')} ->> 'contentId'`)
		)
		.select((eb) => [
			'lesson.id',
			'lesson.slug',
			'lesson.title',
			'lesson.courseId',
			'course.access',
			'lessonItem.data',
			'c.title as contentTitle',
			'c.mainLibrary',
			eb
				.exists(
					eb
						.selectFrom('h5pContentLibrary as cl')
						.innerJoin('h5pLibrary as l', 'l.id', 'cl.libraryId')
						.select('cl.libraryId')
						.whereRef('cl.contentId', '=', 'c.id')
						.where('l.status', '=', 'pending')
				)
				.as('pending')
		])
		.where('lesson.courseId', '=', courseId)
		.where('lesson.slug', '=', lessonSlug)
		.where('lessonItem.kind', '=', 'h5p')
		.executeTakeFirst();
	if (!row) return undefined;
	const data = readH5pItemData(row.data);
	const empty = !row.data || typeof row.data !== 'object' || !('contentId' in row.data);
	const content = data && row.contentTitle !== null && row.mainLibrary !== null ? { title: row.contentTitle, mainLibrary: row.mainLibrary } : null;
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		courseId: row.courseId,
		courseAccess: row.access,
		settings: content ? data : null,
		content,
		empty,
		pending: content !== null && Boolean(row.pending)
	};
}

/**
 * ready: plays. pending: some library waits for an administrator. empty: no package uploaded yet.
 * unavailable: the lesson names content that is not there (a broken import). sign_in: a visitor who is not signed in (results need a learner,
 * and pages for visitors are cached for longer than a signed link lasts).
 */
export type H5pPanelState = 'ready' | 'pending' | 'empty' | 'unavailable' | 'sign_in';

export interface H5pPanelData {
	state: H5pPanelState;
	title: string | null;
	completion: H5pCompletion;
	passPercent: number;
	/** Libraries waiting for approval ("H5P.TrueFalse 1.6"): shown to the course's editors only. */
	pending: string[];
	/** The reader keeps records here (false: staff looking at a cohort's course, or a visitor). */
	records: boolean;
	/** The player page (signed link), when ready. */
	playerUrl: string | null;
	result: { raw: number; max: number; percent: number; passed: boolean | null; attempts: number } | null;
	/** What the player is told when it says it is ready (null unless ready). */
	init: {
		user: { name: string; mail: string };
		state: string | null;
		objectIri: string;
		l10n: Record<string, string>;
	} | null;
	/** Where the page relays statements and state (same origin, with the session). */
	endpoints: { xapi: string; state: string };
}

/** H5P's own interface strings (frame.bundle.js, H5PIntegration.l10n.H5P) in the reader's language. */
function coreStrings(): Record<string, string> {
	return {
		fullscreen: m.h5p_core_fullscreen(),
		disableFullscreen: m.h5p_core_disable_fullscreen(),
		close: m.h5p_core_close(),
		confirmDialogHeader: m.h5p_core_confirm_header(),
		confirmDialogBody: m.h5p_core_confirm_body(),
		cancelLabel: m.h5p_core_cancel(),
		confirmLabel: m.h5p_core_confirm(),
		contentChanged: m.h5p_core_content_changed(),
		startingOver: m.h5p_core_starting_over()
	};
}

/**
 * For the lesson page: the panel when the lesson is an H5P activity, else null. Takes the view
 * the reader may read (readLesson applied the access rules); `origin` is the site's, for the
 * activity's xAPI id.
 */
export async function h5pPanel(
	db: Database,
	actor: (Actor & { name: string }) | null | undefined,
	view: LessonView,
	now: Date,
	origin: string
): Promise<H5pPanelData | null> {
	if (!view.items.some((item) => item.kind === 'h5p')) return null;
	const lesson = await findH5pLesson(db, view.course.id, view.lesson.slug);
	if (!lesson) return null;
	const base = `/courses/${view.course.slug}/${view.lesson.slug}/h5p`;
	const panel: H5pPanelData = {
		state: 'unavailable',
		title: lesson.content?.title ?? null,
		completion: lesson.settings?.completion ?? 'score',
		passPercent: lesson.settings?.passPercent ?? 0,
		pending: [],
		records: false,
		playerUrl: null,
		result: null,
		init: null,
		endpoints: { xapi: `${base}/xapi`, state: `${base}/state` }
	};
	const settings = lesson.settings;
	if (!settings) return { ...panel, state: lesson.empty ? 'empty' : 'unavailable' };
	if (lesson.pending) {
		// Which libraries wait: for the course's editors only (a rare page, so a second query).
		const editor = canEditCourse(actor, view.course);
		const waiting = editor ? (await contentReadiness(db, settings.contentId)).pending.map(libraryLabel) : [];
		return { ...panel, state: 'pending', pending: waiting };
	}
	if (!actor) return { ...panel, state: 'sign_in' };

	const ctx = await progressContext(db, actor, view.course);
	const [playerUrl, state, result] = await Promise.all([
		playerPath(db, settings.contentId, now),
		ctx ? findH5pState(db, ctx, lesson.id, settings.contentId) : null,
		ctx ? readH5pResult(db, ctx, lesson.id) : null
	]);
	return {
		...panel,
		state: 'ready',
		records: ctx !== null,
		playerUrl,
		result: result
			? {
					raw: result.raw,
					max: result.max,
					percent: result.percent,
					passed: settings.completion === 'score' ? result.percent >= settings.passPercent : null,
					attempts: result.attempts
				}
			: null,
		init: {
			user: { name: actor.name, mail: actorMail(actor.id) },
			state,
			objectIri: activityIri(origin, lesson.id),
			l10n: coreStrings()
		}
	};
}
