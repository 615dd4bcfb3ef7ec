import { zipSync } from 'fflate';
import { stringify } from 'yaml';
import type { Database } from '../db/connect';
import { COURSE_METADATA } from './columns';
import { NotFoundError } from '../errors';
import type { PackageFiles } from './package/files';

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
			'cover.path as coverPath'
		])
		.where('course.slug', '=', slug)
		.executeTakeFirst();
	if (!course) throw new NotFoundError('error_course_not_found');

	const [modules, lessons, assets, attachments] = await Promise.all([
		db.selectFrom('courseModule').selectAll().where('courseId', '=', course.id).orderBy('position').execute(),
		db
			.selectFrom('lesson')
			.leftJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.kind', '=', 'text'))
			.leftJoin('asset as video', 'video.id', 'lesson.videoAssetId')
			.select([
				'lesson.id',
				'lesson.moduleId',
				'lesson.slug',
				'lesson.title',
				'lesson.position',
				'lesson.estimatedMinutes',
				'lesson.required',
				'lesson.videoUrl',
				'video.path as videoPath',
				'lessonItem.body'
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
		...(course.access !== 'open' ? { access: course.access } : {})
	};
	files.set('course.yaml', encode(yaml(meta)));
	for (const asset of assets) files.set(asset.path, asset.data);

	modules.forEach((module, m) => {
		const folder = `${pad(m + 1)}-${module.slug}`;
		files.set(`${folder}/module.yaml`, encode(yaml({ title: module.title, ...(module.summary ? { summary: module.summary } : {}) })));
		lessons
			.filter((l) => l.moduleId === module.id)
			.forEach((lesson, i) => {
				const own = attachments.filter((a) => a.lessonId === lesson.id);
				const front: Record<string, unknown> = {
					title: lesson.title,
					minutes: lesson.estimatedMinutes,
					...(lesson.required ? {} : { required: false }),
					...(lesson.videoUrl || lesson.videoPath ? { video: lesson.videoUrl ?? lesson.videoPath } : {}),
					...(own.length ? { attachments: own.map((a) => ({ path: a.path, title: a.title })) } : {})
				};
				files.set(`${folder}/${pad(i + 1)}-${lesson.slug}.md`, encode(`---\n${yaml(front)}---\n\n${lesson.body ?? ''}`));
			});
	});
	return files;
}

/** The course folder zipped: `<slug>/course.yaml`, `<slug>/01-module/...`. */
export async function exportCourseZip(db: Database, slug: string): Promise<Uint8Array> {
	const files = await exportCourseFiles(db, slug);
	const entries: Record<string, Uint8Array> = {};
	for (const [path, data] of files) entries[`${slug}/${path}`] = data;
	// Fixed timestamps: the same course gives the same bytes.
	return zipSync(entries, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}
