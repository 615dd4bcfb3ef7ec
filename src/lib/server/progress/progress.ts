import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { CourseAccess, DB, LessonCompletion } from '../db/schema';
import { ConflictError, ForbiddenError } from '../errors';
import type { Actor } from '../courses/access';
import { readLesson } from '../cohorts/lesson-access';
import { learningContext, type LearningContext } from './context';
import { checkCompletion, courseFacts, findCompletion } from './completion';
import type { LessonState } from './facts';
import type { LessonKind } from './rules';

/**
 * A learner's progress through a course, per learning context (context.ts): which lessons
 * they opened and completed, module and course percentages, and where to continue.
 *
 * Percentages count every lesson of the course (or module), required or optional, each
 * weighing the same, whatever its kind: "7 of 10 lessons done" is what a learner can check
 * against the outline. Whether the course is *complete* is the completion rules' question
 * (rules.ts), which look at required lessons by default.
 */

/**
 * Who keeps records in a course: in a course taught in cohorts, its enrolled members (staff
 * who read it keep none); in an open course, anyone signed in. Null: no records.
 */
export async function progressContext(
	db: Database,
	actor: Actor | null | undefined,
	course: { id: string; access: CourseAccess }
): Promise<LearningContext | null> {
	if (!actor) return null;
	const ctx = await learningContext(db, actor.id, course.id);
	return course.access === 'cohort' && ctx.cohortId === null ? null : ctx;
}

/** How precisely "last viewed" is kept: views closer together than this are one view. */
export const VIEW_RESOLUTION_MS = 60_000;

/**
 * A lesson was opened: first and last viewed times (to the minute), and completion for text lessons whose rule
 * is 'on view' (then the course may be complete; for H5P activities too, which may complete
 * on view). Returns whether this view completed a text lesson.
 */
export async function recordView(
	trx: Transaction<DB>,
	ctx: LearningContext,
	lesson: { id: string; completion: LessonCompletion; kind: LessonKind },
	now: Date = new Date()
): Promise<{ completed: boolean }> {
	const completes = lesson.kind === 'text' && lesson.completion === 'on_view';
	// A view within VIEW_RESOLUTION_MS of the last one changes nothing worth a write (a reload, a
	// return from a quiz): the read costs no durable commit, so signed-in lesson pages stay fast.
	const seen = await trx
		.selectFrom('lessonProgress')
		.select(['lastViewedAt', 'completedAt'])
		.where('userId', '=', ctx.userId)
		.where('lessonId', '=', lesson.id)
		.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.executeTakeFirst();
	const recent = seen && Math.abs(now.getTime() - seen.lastViewedAt.getTime()) < VIEW_RESOLUTION_MS;
	if (recent && (!completes || seen.completedAt !== null)) return { completed: false };
	const row = await trx
		.insertInto('lessonProgress')
		.values({
			userId: ctx.userId,
			courseId: ctx.courseId,
			cohortId: ctx.cohortId,
			lessonId: lesson.id,
			firstViewedAt: now,
			lastViewedAt: now,
			completedAt: completes ? now : null
		})
		.onConflict((oc) =>
			oc.constraint('lesson_progress_unique').doUpdateSet((eb) => ({
				lastViewedAt: eb.ref('excluded.lastViewedAt'),
				completedAt: eb.fn.coalesce('lessonProgress.completedAt', 'excluded.completedAt')
			}))
		)
		// The completion time is this view's when this view set it.
		.returning(['completedAt'])
		.executeTakeFirstOrThrow();
	const completed = completes && row.completedAt !== null && row.completedAt.getTime() === now.getTime();
	// An H5P activity that completes on view is done by this view (facts.ts reads it from the
	// view itself, so a change of its mode counts at once): the rules are checked on every view
	// of such an activity (a course already complete costs one query). Scored activities
	// complete through their results (h5p/results.ts), so their views check nothing.
	if (completed || (lesson.kind === 'h5p' && lesson.completion === 'on_view')) await checkCompletion(trx, ctx, now);
	return { completed };
}

export interface MarkResult {
	lesson: { slug: string; title: string };
	completed: boolean;
}

/**
 * The learner's "Mark as complete" (or "not complete") on a text lesson completed by hand.
 * The lesson must be one this person may read now and keeps records in; quizzes and
 * assignments complete through their results, 'on view' lessons by being opened.
 */
export async function setLessonComplete(
	trx: Transaction<DB>,
	actor: Actor,
	courseSlug: string,
	lessonSlug: string,
	complete: boolean,
	now: Date = new Date()
): Promise<MarkResult> {
	const page = await readLesson(trx, courseSlug, lessonSlug, actor, now);
	if (!page.view) throw new ForbiddenError('error_progress_lesson_closed');
	const { view } = page;
	const ctx = await progressContext(trx, actor, view.course);
	if (!ctx) throw new ForbiddenError('error_progress_not_learner');
	const kind = (view.items[0]?.kind ?? 'text') as LessonKind;
	if (kind !== 'text') throw new ConflictError('error_progress_completes_by_result');
	if (view.lesson.completion !== 'manual') throw new ConflictError('error_progress_completes_on_view');

	const at = complete ? now : null;
	await trx
		.insertInto('lessonProgress')
		.values({ userId: ctx.userId, courseId: ctx.courseId, cohortId: ctx.cohortId, lessonId: view.lesson.id, firstViewedAt: now, lastViewedAt: now, completedAt: at })
		.onConflict((oc) =>
			oc.constraint('lesson_progress_unique').doUpdateSet((eb) => ({
				// marking twice keeps the first time
				completedAt: complete ? eb.fn.coalesce('lessonProgress.completedAt', 'excluded.completedAt') : null
			}))
		)
		.execute();
	if (complete) await checkCompletion(trx, ctx, now);
	return { lesson: { slug: view.lesson.slug, title: view.lesson.title }, completed: complete };
}

export const markComplete = (trx: Transaction<DB>, actor: Actor, courseSlug: string, lessonSlug: string, now?: Date) =>
	setLessonComplete(trx, actor, courseSlug, lessonSlug, true, now);
export const markIncomplete = (trx: Transaction<DB>, actor: Actor, courseSlug: string, lessonSlug: string, now?: Date) =>
	setLessonComplete(trx, actor, courseSlug, lessonSlug, false, now);

export interface ModuleProgress {
	slug: string;
	title: string;
	total: number;
	completed: number;
	percent: number;
}

export interface ProgressSummary {
	total: number;
	completed: number;
	/** Whole percent, rounded down (100 only when every lesson is done). */
	percent: number;
	modules: ModuleProgress[];
	/** Where to go on: null when every lesson is done. `started`: the learner has opened a lesson. */
	next: { slug: string; title: string; started: boolean } | null;
}

const percentOf = (done: number, total: number) => (total === 0 ? 0 : Math.floor((done * 100) / total));

/**
 * Percentages and "continue where you left off": the lesson last opened if it is not done,
 * else the first lesson not done after it in course order (wrapping round to the start),
 * else nothing. A learner who has opened nothing starts at the first lesson not done.
 */
export function summariseProgress(lessons: readonly Pick<LessonState, 'slug' | 'title' | 'moduleSlug' | 'moduleTitle' | 'completed' | 'viewedAt'>[]): ProgressSummary {
	const modules = new Map<string, ModuleProgress>();
	for (const l of lessons) {
		let m = modules.get(l.moduleSlug);
		if (!m) modules.set(l.moduleSlug, (m = { slug: l.moduleSlug, title: l.moduleTitle, total: 0, completed: 0, percent: 0 }));
		m.total += 1;
		if (l.completed) m.completed += 1;
	}
	for (const m of modules.values()) m.percent = percentOf(m.completed, m.total);
	const completed = lessons.filter((l) => l.completed).length;

	let last = -1;
	lessons.forEach((l, i) => {
		if (l.viewedAt && (last < 0 || l.viewedAt > lessons[last]!.viewedAt!)) last = i;
	});
	let next: (typeof lessons)[number] | undefined;
	if (last >= 0 && !lessons[last]!.completed) next = lessons[last];
	else {
		const from = last + 1;
		next = [...lessons.slice(from), ...lessons.slice(0, from)].find((l) => !l.completed);
	}
	return {
		total: lessons.length,
		completed,
		percent: percentOf(completed, lessons.length),
		modules: [...modules.values()],
		next: next ? { slug: next.slug, title: next.title, started: last >= 0 } : null
	};
}

export interface CourseProgress extends ProgressSummary {
	lessons: LessonState[];
	/** The course-completed event of this context, if recorded. */
	completion: { completedAt: Date; finalGrade: number | null } | null;
}

/** A learner's progress in a course (two queries: the lessons with their records, the completion). */
export async function courseProgress(db: Database, ctx: LearningContext): Promise<CourseProgress> {
	const [lessons, completion] = await Promise.all([courseFacts(db, ctx), findCompletion(db, ctx)]);
	return {
		...summariseProgress(lessons),
		lessons,
		completion: completion ? { completedAt: completion.completedAt, finalGrade: completion.finalGrade === null ? null : Number(completion.finalGrade) } : null
	};
}

export interface LessonProgressView {
	kind: LessonKind;
	/** A text lesson the learner marks by hand: the page shows the button. */
	canMark: boolean;
	completed: boolean;
	completion: LessonCompletion;
	/** Quizzes and assignments: the percent that counts, and the one needed. */
	percent: number | null;
	passPercent: number | null;
	/** Lessons done, for the outline's marks. */
	done: string[];
	course: { total: number; completed: number; percent: number };
	courseComplete: boolean;
}

/**
 * A signed-in reader opened a lesson they may read: the view is recorded (in their learning
 * context; none for staff of a cohort's course) and their standing returned for the page.
 * Null when they keep no records in this course.
 */
export async function visitLesson(
	trx: Transaction<DB>,
	actor: Actor,
	view: { course: { id: string; access: CourseAccess }; lesson: { id: string; slug: string; completion: LessonCompletion }; items: { kind: string }[] },
	now: Date = new Date()
): Promise<LessonProgressView | null> {
	const ctx = await progressContext(trx, actor, view.course);
	if (!ctx) return null;
	const kind = (view.items[0]?.kind ?? 'text') as LessonKind;
	await recordView(trx, ctx, { id: view.lesson.id, completion: view.lesson.completion, kind }, now);
	const [lessons, completion] = await Promise.all([courseFacts(trx, ctx), findCompletion(trx, ctx)]);
	const here = lessons.find((l) => l.lessonId === view.lesson.id);
	const summary = summariseProgress(lessons);
	return {
		kind,
		canMark: kind === 'text' && view.lesson.completion === 'manual',
		completed: here?.completed ?? false,
		completion: view.lesson.completion,
		percent: here?.percent ?? null,
		passPercent: here?.passPercent ?? null,
		done: lessons.filter((l) => l.completed).map((l) => l.slug),
		course: { total: summary.total, completed: summary.completed, percent: summary.percent },
		courseComplete: Boolean(completion)
	};
}

export interface LearnerCourseProgress extends ProgressSummary {
	done: string[];
	completion: CourseProgress['completion'];
}

/** The course page's "your progress" for a signed-in reader; null when they keep no records here. */
export async function learnerCourseProgress(db: Database, actor: Actor, course: { id: string; access: CourseAccess }): Promise<LearnerCourseProgress | null> {
	const ctx = await progressContext(db, actor, course);
	if (!ctx) return null;
	const { lessons, ...progress } = await courseProgress(db, ctx);
	return { ...progress, done: lessons.filter((l) => l.completed).map((l) => l.slug) };
}
