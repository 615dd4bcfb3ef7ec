import { zipSync } from 'fflate';
import { stringify } from 'yaml';
import { assignmentSettings, assignmentToSource } from '../assessments/assignment-settings';
import type { Database } from '../db/connect';
import { parseCompletionRules } from '../progress/rules';
import type { Quiz } from '../quizzes/model';
import { quizToSource } from '../quizzes/schema';
import { COURSE_METADATA } from './columns';
import { NotFoundError } from '../errors';
import type { PackageFiles } from './package/files';
import { quizDefaultMinutes } from './package/lessons';
import { h5pSettingsSource } from './package/h5p';
import { buildPackage } from '../h5p/package';
import { readH5pItemData } from '../h5p/activity-settings';

const pad = (n: number) => String(n).padStart(2, '0');
const encode = (text: string) => new TextEncoder().encode(text);
const yaml = (value: Record<string, unknown>) => stringify(value, { lineWidth: 0 });

/** A course as the files of the courses/ format (see docs/course-format.md). */
export async function exportCourseFiles(db: Database, slug: string): Promise<PackageFiles> {
	const course = await db
		.selectFrom('course')
		.leftJoin('organisation', 'organisation.id', 'course.organisationId')
		.leftJoin('asset as cover', 'cover.id', 'course.coverAssetId')
		.select([
			...COURSE_METADATA,
			'organisation.name as orgName',
			'organisation.type as orgType',
			'organisation.country as orgCountry',
			'cover.path as coverPath',
			'course.completionRules'
		])
		.where('course.slug', '=', slug)
		.executeTakeFirst();
	if (!course) throw new NotFoundError('error_course_not_found');

	const [modules, lessons, assets, attachments] = await Promise.all([
		db.selectFrom('courseModule').selectAll().where('courseId', '=', course.id).orderBy('position').execute(),
		db
			.selectFrom('lesson')
			.leftJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
			.leftJoin('asset as video', 'video.id', 'lesson.videoAssetId')
			.select([
				'lesson.id',
				'lesson.moduleId',
				'lesson.slug',
				'lesson.title',
				'lesson.position',
				'lesson.estimatedMinutes',
				'lesson.required',
				'lesson.completion',
				'lesson.videoUrl',
				'video.path as videoPath',
				'lessonItem.kind',
				'lessonItem.body',
				'lessonItem.data'
			])
			.where('lesson.courseId', '=', course.id)
			.orderBy('lesson.position')
			.execute(),
		db.selectFrom('asset').select(['path', 'data']).where('courseId', '=', course.id).orderBy('path').execute(),
		db
			.selectFrom('lessonAttachment')
			.innerJoin('asset', 'asset.id', 'lessonAttachment.assetId')
			.innerJoin('lesson', 'lesson.id', 'lessonAttachment.lessonId')
			.select(['lessonAttachment.lessonId', 'asset.path', 'lessonAttachment.title'])
			.where('lesson.courseId', '=', course.id)
			.orderBy('lessonAttachment.position')
			.execute()
	]);

	const files: PackageFiles = new Map();
	const meta: Record<string, unknown> = {
		title: course.title,
		summary: course.summary,
		...(course.description ? { description: course.description } : {}),
		language: course.language,
		thematic_areas: course.thematicAreas,
		level: course.level,
		estimated_hours: course.estimatedHours,
		outcomes: course.outcomes,
		licence: course.licence,
		...(course.orgName ? { organisation: { name: course.orgName, type: course.orgType, country: course.orgCountry } } : {}),
		...(course.authors.length ? { authors: course.authors } : {}),
		...(course.coverPath ? { cover: course.coverPath } : {}),
		status: course.status,
		...(course.access !== 'open' ? { access: course.access } : {}),
		...completionBlock(course.completionRules)
	};
	files.set('course.yaml', encode(yaml(meta)));
	for (const asset of assets) files.set(asset.path, asset.data);

	for (const [m, module] of modules.entries()) {
		const folder = `${pad(m + 1)}-${module.slug}`;
		files.set(`${folder}/module.yaml`, encode(yaml({ title: module.title, ...(module.summary ? { summary: module.summary } : {}) })));
		for (const [i, lesson] of lessons.filter((l) => l.moduleId === module.id).entries()) {
			const own = attachments.filter((a) => a.lessonId === lesson.id);
			const name = `${folder}/${pad(i + 1)}-${lesson.slug}`;
			if (lesson.kind === 'h5p') {
				await exportH5p(db, files, name, lesson);
				continue;
			}
			if (lesson.kind === 'quiz') {
				files.set(`${name}.quiz.yaml`, encode(quizFile(lesson.title, lesson.estimatedMinutes, lesson.required, lesson.data as unknown as Quiz)));
				continue;
			}
			const front: Record<string, unknown> = {
				title: lesson.title,
				minutes: lesson.estimatedMinutes,
				...(lesson.required ? {} : { required: false }),
				...(lesson.completion !== 'manual' && lesson.kind !== 'assignment' ? { completion: lesson.completion } : {}),
				...(lesson.videoUrl || lesson.videoPath ? { video: lesson.videoUrl ?? lesson.videoPath } : {}),
				...(own.length ? { attachments: own.map((a) => ({ path: a.path, title: a.title })) } : {}),
				...(lesson.kind === 'assignment' ? assignmentToSource(assignmentSettings(lesson.data)) : {})
			};
			const ending = lesson.kind === 'assignment' ? '.assignment.md' : '.md';
			files.set(`${name}${ending}`, encode(`---\n${yaml(front)}---\n\n${lesson.body ?? ''}`));
		}
	}
	return files;
}

/**
 * An H5P activity as `NN-slug.h5p` (the package rebuilt from what is stored: h5p.json,
 * content/ and every library it needs) and, when its settings are not the defaults,
 * `NN-slug.h5p.yaml`. An activity still without a package is left out (it cannot be imported).
 */
async function exportH5p(
	db: Database,
	files: PackageFiles,
	name: string,
	lesson: { title: string; estimatedMinutes: number; required: boolean; data: unknown }
) {
	const item = readH5pItemData(lesson.data);
	if (!item) return;
	const content = await db.selectFrom('h5pContent').select(['title', 'mainLibrary']).where('id', '=', item.contentId).executeTakeFirst();
	if (!content) return;
	files.set(`${name}.h5p`, await buildPackage(db, item.contentId));
	const settings = h5pSettingsSource(
		{ title: lesson.title, minutes: lesson.estimatedMinutes, required: lesson.required },
		item,
		{ title: content.title, mainLibrary: content.mainLibrary.split(' ')[0] ?? '' }
	);
	if (settings) files.set(`${name}.h5p.yaml`, encode(yaml(settings)));
}

/** A quiz lesson's file: the quiz, with the lesson's minutes and required when not at their defaults. */
function quizFile(title: string, minutes: number, required: boolean, quiz: Quiz): string {
	const { title: _, ...source } = quizToSource(quiz);
	const lesson = {
		title,
		...(minutes !== quizDefaultMinutes(quiz) ? { minutes } : {}),
		...(required ? {} : { required: false })
	};
	return stringify({ ...lesson, ...source }, { lineWidth: 100, minContentWidth: 40 });
}

/** course.yaml's `completion:` block, keys in a fixed order; nothing for the default rules. */
function completionBlock(stored: unknown): { completion?: Record<string, unknown> } {
	const rules = parseCompletionRules(stored);
	const block = Object.fromEntries(
		(['lessons', 'quizzes', 'activities', 'assignments', 'weights'] as const).filter((k) => rules[k] !== undefined).map((k) => [k, rules[k]])
	);
	return Object.keys(block).length ? { completion: block } : {};
}

/** The course folder zipped: `<slug>/course.yaml`, `<slug>/01-module/...`. */
export async function exportCourseZip(db: Database, slug: string): Promise<Uint8Array> {
	const files = await exportCourseFiles(db, slug);
	const entries: Record<string, Uint8Array> = {};
	for (const [path, data] of files) entries[`${slug}/${path}`] = data;
	// Fixed timestamps: the same course gives the same bytes.
	return zipSync(entries, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}
