import { isCountryCode } from '../../../countries';
import {
	COURSE_LANGUAGES,
	COURSE_STATUSES,
	LEVELS,
	LICENCES,
	MAX_SLUG,
	SLUG_PATTERN,
	THEMATIC_AREAS,
	type CourseStatusId,
	type Level,
	type LicenceId,
	type ThematicArea
} from '../../../courses/taxonomy';
import type { CourseAccess, OrganisationType } from '../../db/schema';
import { defaultCompletionFor } from '../../h5p/activity-settings';
import type { CompletionRules } from '../../progress/rules';
import { ALLOWED_EXTENSIONS, contentMatchesExtension, contentTypeOf, extensionOf, isImagePath, resolveCoursePath } from './assets';
import { checkCompletionSlugs, parseCompletionBlock } from './completion';
import { list, optionalText, quote, requiredText, stringList, type Report } from './fields';
import { LIMITS, type PackageFiles, type Problem } from './files';
import { packFolder, packageMainLibrary, packageTitle, parseH5pSettings } from './h5p';
import { parseAssignmentLesson, parseQuizLesson, parseTextLesson, type ParsedLesson } from './lessons';
import { YamlSource } from './yaml-source';

export type { ParsedLesson } from './lessons';

/** A course package as the importer writes it, every field checked. */
export interface ParsedCourse {
	slug: string;
	title: string;
	summary: string;
	description: string;
	language: string;
	thematicAreas: ThematicArea[];
	level: Level;
	estimatedHours: number;
	outcomes: string[];
	licence: LicenceId;
	organisation: { name: string; type: OrganisationType; country: string } | null;
	authors: string[];
	cover: string | null;
	status: CourseStatusId;
	/** 'open': anyone reads the lessons; 'cohort': members of a cohort, module by module */
	access: CourseAccess;
	/** The `completion:` block (camelCase, as stored); null: the default rules. */
	completion: CompletionRules | null;
	modules: ParsedModule[];
	assets: ParsedAsset[];
}
export interface ParsedModule {
	slug: string;
	title: string;
	summary: string;
	lessons: ParsedLesson[];
}
export interface ParsedAsset {
	path: string;
	contentType: string;
	data: Uint8Array;
}

const ORGANISATION_TYPES = ['cso', 'university', 'training_centre', 'government', 'international', 'business'];
const COURSE_KEYS = [
	'title',
	'summary',
	'description',
	'language',
	'thematic_areas',
	'level',
	'estimated_hours',
	'outcomes',
	'licence',
	'organisation',
	'authors',
	'cover',
	'status',
	'access',
	'completion'
];
const ACCESS: readonly CourseAccess[] = ['open', 'cohort'];
const MODULE_KEYS = ['title', 'summary'];
const NUMBERED = /^(\d+)-(.+)$/;
/** An item file: its kind by its name's ending. */
const ITEM_FILE = /^(\d+)-(.+?)(\.quiz\.ya?ml|\.assignment\.md|\.md|\.h5p)$/;
/** `NN-slug.h5p.yaml`: the settings of the H5P activity `NN-slug.h5p` beside it. */
const H5P_SETTINGS_FILE = /^(.+\.h5p)\.ya?ml$/;

/**
 * Checks a whole course package and returns it parsed, or every problem found (never only
 * the first). Nothing here touches the database.
 */
export function parseCoursePackage(files: PackageFiles, slug: string): { course?: ParsedCourse; problems: Problem[] } {
	const problems: Problem[] = [];
	const report = (file: string, message: string, line?: number) => problems.push({ file, line, message });
	const text = (path: string): string | undefined => {
		const data = files.get(path);
		if (!data) return undefined;
		try {
			return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
		} catch {
			report(path, 'is not UTF-8 text');
			return undefined;
		}
	};

	if (!SLUG_PATTERN.test(slug) || slug.length > MAX_SLUG) {
		report('', `the course folder name ${quote(slug)} is not a valid slug: use lower-case letters, digits and hyphens`);
	}

	// Assets: every file under assets/, checked for type, size and content.
	const assets: ParsedAsset[] = [];
	let total = 0;
	for (const [path, data] of files) {
		if (!path.startsWith('assets/')) continue;
		const ext = extensionOf(path);
		total += data.byteLength;
		if (!ALLOWED_EXTENSIONS.includes(ext)) {
			report(path, `files of type ${quote(ext ? `.${ext}` : path)} are not allowed; allowed: ${list(ALLOWED_EXTENSIONS.map((e) => `.${e}`))}`);
		} else if (data.byteLength > LIMITS.fileBytes) {
			report(path, `file is over the limit of ${LIMITS.fileBytes / 1024 / 1024} MB`);
		} else if (!contentMatchesExtension(path, data)) {
			report(path, `the file's content is not a .${ext} file`);
		} else {
			assets.push({ path, contentType: contentTypeOf(path)!, data });
		}
	}
	if (total > LIMITS.courseBytes) report('', `assets add up to more than ${LIMITS.courseBytes / 1024 / 1024} MB`);
	const assetPaths = new Set(assets.map((a) => a.path));
	const assetExists = (path: string) => assetPaths.has(path) || files.has(path);

	// course.yaml
	const course = parseCourseYaml(text('course.yaml'), files.has('course.yaml'), report, assetExists);

	// Modules: NN-slug/ folders with module.yaml and NN-slug.md lessons.
	const moduleFolders = new Map<string, string[]>();
	for (const path of files.keys()) {
		const parts = path.split('/');
		if (parts[0] === 'assets' || path === 'course.yaml') continue;
		if (parts.length === 1) {
			report(path, 'unexpected file at the top of the course: only course.yaml, assets/ and module folders (01-name/) belong here');
			continue;
		}
		const folder = parts[0]!;
		if (!moduleFolders.has(folder)) moduleFolders.set(folder, []);
		moduleFolders.get(folder)!.push(parts.slice(1).join('/'));
	}

	const modules: { order: number; module: ParsedModule }[] = [];
	const moduleOrders = new Map<number, string>();
	const lessonSlugs = new Map<string, string>();
	/** Every lesson's kind, known from its file's name even when the file has problems. */
	const lessonKinds: { slug: string; kind: ParsedLesson['kind']; scored?: boolean }[] = [];

	/**
	 * `NN-slug.h5p` (a file or a folder) and its optional settings file. The package is only
	 * gathered here; import.ts checks it whole (readH5pPackage) and reports on this path.
	 */
	const parseH5pLesson = (path: string, slug: string, folder: boolean, settingsPath: string, settingsSource: string | undefined): ParsedLesson | undefined => {
		const settings = parseH5pSettings(settingsPath, settingsSource, report);
		const bytes = folder ? packFolder(files, path) : files.get(path);
		if (!settings || !bytes) return undefined;
		const completion = settings.completion ?? defaultCompletionFor(packageMainLibrary(bytes));
		return {
			slug,
			kind: 'h5p',
			title: settings.title ?? packageTitle(bytes) ?? slug,
			minutes: settings.minutes,
			required: settings.required,
			completion: completion === 'view' ? 'on_view' : 'manual',
			video: null,
			attachments: [],
			body: '',
			data: { file: path, bytes, completion: settings.completion, passPercent: settings.passPercent, title: settings.title }
		};
	};
	for (const [folder, entries] of [...moduleFolders].sort(([a], [b]) => a.localeCompare(b))) {
		const match = NUMBERED.exec(folder);
		if (!match) {
			report(`${folder}/`, 'a module folder name must start with its number, like 01-water-basics');
			continue;
		}
		const order = Number(match[1]);
		const moduleSlug = match[2]!;
		if (!SLUG_PATTERN.test(moduleSlug) || moduleSlug.length > MAX_SLUG) {
			report(`${folder}/`, `${quote(moduleSlug)} is not a valid slug: use lower-case letters, digits and hyphens`);
		}
		if (moduleOrders.has(order)) report(`${folder}/`, `number ${match[1]} is also used by ${moduleOrders.get(order)}/`);
		moduleOrders.set(order, folder);

		const meta = parseModuleYaml(folder, text(`${folder}/module.yaml`), entries.includes('module.yaml'), report);
		const lessons: { order: number; lesson: ParsedLesson }[] = [];
		const lessonOrders = new Map<number, string>();
		// An H5P activity may be a folder (`03-check.h5p/`, the package unzipped): one item.
		const h5pFolders = new Set(entries.filter((e) => e.includes('/') && e.split('/')[0]!.endsWith('.h5p')).map((e) => e.split('/')[0]!));
		const h5pSettings = new Map<string, string>();
		const items: string[] = [];
		for (const entry of entries.sort()) {
			if (entry === 'module.yaml') continue;
			const top = entry.split('/')[0]!;
			if (h5pFolders.has(top)) {
				if (!items.includes(top)) items.push(top);
				continue;
			}
			const settings = H5P_SETTINGS_FILE.exec(entry);
			if (settings && !entry.includes('/')) h5pSettings.set(settings[1]!, entry);
			else items.push(entry);
		}
		for (const [item, settingsFile] of h5pSettings) {
			if (!items.includes(item)) {
				report(`${folder}/${settingsFile}`, `settings of an H5P activity, but there is no ${item} (a .h5p file or folder) beside it`);
			}
		}
		for (const entry of items) {
			const path = `${folder}/${entry}`;
			if (entry.includes('/')) {
				report(path, 'modules hold files, not folders; put images and files in the course assets/ folder');
				continue;
			}
			if (h5pFolders.has(entry) && files.has(path)) {
				report(path, 'both a file and a folder of this name: keep one');
				continue;
			}
			const lessonMatch = ITEM_FILE.exec(entry);
			if (!lessonMatch) {
				report(
					path,
					'unexpected file: a lesson is a Markdown file named like 01-what-is-iwrm.md, a quiz 02-check.quiz.yaml, an assignment 03-capstone.assignment.md, an H5P activity 04-practice.h5p'
				);
				continue;
			}
			const lessonOrder = Number(lessonMatch[1]);
			const lessonSlug = lessonMatch[2]!;
			if (!SLUG_PATTERN.test(lessonSlug) || lessonSlug.length > MAX_SLUG) {
				report(path, `${quote(lessonSlug)} is not a valid slug: use lower-case letters, digits and hyphens`);
			}
			if (lessonOrders.has(lessonOrder)) report(path, `number ${lessonMatch[1]} is also used by ${lessonOrders.get(lessonOrder)}`);
			lessonOrders.set(lessonOrder, entry);
			if (lessonSlugs.has(lessonSlug)) {
				report(path, `duplicate lesson slug ${quote(lessonSlug)}: also ${lessonSlugs.get(lessonSlug)} (lesson slugs are unique in a course)`);
			}
			lessonSlugs.set(lessonSlug, path);
			const ending = lessonMatch[3]!;
			if (ending === '.h5p') {
				const settingsFile = h5pSettings.get(entry);
				const settingsPath = settingsFile ? `${folder}/${settingsFile}` : '';
				const lesson = parseH5pLesson(path, lessonSlug, h5pFolders.has(entry), settingsPath, settingsFile ? text(settingsPath) : undefined);
				lessonKinds.push({ slug: lessonSlug, kind: 'h5p', scored: lesson ? lesson.completion !== 'on_view' : true });
				if (lesson) lessons.push({ order: lessonOrder, lesson });
				continue;
			}
			lessonKinds.push({ slug: lessonSlug, kind: ending === '.md' ? 'text' : ending === '.assignment.md' ? 'assignment' : 'quiz' });
			const lesson = ending === '.md'
				? parseTextLesson(path, lessonSlug, text(path), report, assetExists)
				: ending === '.assignment.md'
					? parseAssignmentLesson(path, lessonSlug, text(path), report, assetExists)
					: parseQuizLesson(path, lessonSlug, text(path), report);
			if (lesson) lessons.push({ order: lessonOrder, lesson });
		}
		if (meta) {
			modules.push({
				order,
				module: { slug: moduleSlug, ...meta, lessons: lessons.sort((a, b) => a.order - b.order).map((l) => l.lesson) }
			});
		}
	}
	const moduleSlugs = new Map<string, string>();
	for (const { module } of modules) {
		if (moduleSlugs.has(module.slug)) report(`${module.slug}`, `duplicate module slug ${quote(module.slug)}`);
		moduleSlugs.set(module.slug, module.slug);
	}

	// The completion rules name quizzes and assignments: checked once every lesson is known.
	if (course?.completion) checkCompletionSlugs(course.completion, lessonKinds, course.yamlSource, report);

	if (problems.length || !course) return { problems: sortProblems(problems) };
	const { yamlSource: _, ...fields } = course;
	return {
		course: { slug, ...fields, modules: modules.sort((a, b) => a.order - b.order).map((m) => m.module), assets },
		problems: []
	};
}

function parseCourseYaml(
	source: string | undefined,
	exists: boolean,
	report: Report,
	assetExists: (path: string) => boolean
): (Omit<ParsedCourse, 'slug' | 'modules' | 'assets'> & { yamlSource: YamlSource }) | undefined {
	const file = 'course.yaml';
	if (!exists) {
		report(file, 'missing: every course folder needs a course.yaml (see docs/course-format.md)');
		return undefined;
	}
	if (source === undefined) return undefined;
	const yaml = new YamlSource(source);
	for (const e of yaml.errors) report(file, e.message, e.line);
	if (yaml.errors.length) return undefined;
	if (!yaml.isMapping) {
		report(file, 'must be a mapping of fields (title: ..., language: ...)', 1);
		return undefined;
	}
	const v = yaml.toJS();
	let failed = false;
	const bad = (key: string, message: string, index?: number) => {
		failed = true;
		report(file, message, yaml.line(key, index));
	};
	for (const { key, line } of yaml.keys()) {
		if (!COURSE_KEYS.includes(key)) {
			failed = true;
			report(file, `unknown field ${quote(key)}; known fields: ${list(COURSE_KEYS)}`, line);
		}
	}
	const title = requiredText(v.title, 'title', 200, bad);
	const summary = requiredText(v.summary, 'summary', 1000, bad);
	const description = optionalText(v.description, 'description', 20_000, bad);
	const language = v.language;
	if (language === undefined) bad('language', `missing field "language": one of ${list(COURSE_LANGUAGES)}`);
	else if (!COURSE_LANGUAGES.includes(language as never)) bad('language', `unknown language ${quote(language)}; use one of ${list(COURSE_LANGUAGES)}`);

	const areas: ThematicArea[] = [];
	if (v.thematic_areas === undefined) bad('thematic_areas', `missing field "thematic_areas": a list of at least one of ${list(THEMATIC_AREAS)}`);
	else if (!Array.isArray(v.thematic_areas) || v.thematic_areas.length === 0) bad('thematic_areas', 'thematic_areas must be a list with at least one area');
	else
		v.thematic_areas.forEach((area, i) => {
			if (!THEMATIC_AREAS.includes(area as never)) bad('thematic_areas', `unknown thematic area ${quote(area)}; use one of ${list(THEMATIC_AREAS)}`, i);
			else if (areas.includes(area as ThematicArea)) bad('thematic_areas', `thematic area ${quote(area)} is listed twice`, i);
			else areas.push(area as ThematicArea);
		});

	const level = v.level ?? 'introductory';
	if (!LEVELS.includes(level as never)) bad('level', `unknown level ${quote(level)}; use one of ${list(LEVELS)}`);
	const hours = v.estimated_hours ?? 0;
	if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > 1000 || Math.round(hours * 10) !== hours * 10) {
		bad('estimated_hours', `estimated_hours must be a number of hours from 0 to 1000 (like 3 or 1.5), not ${quote(hours)}`);
	}
	const outcomes = stringList(v.outcomes, 'outcomes', 500, bad, true);
	const licence = v.licence ?? 'CC-BY-4.0';
	if (!LICENCES.includes(licence as never)) bad('licence', `unknown licence ${quote(licence)}; use one of ${list(LICENCES)}`);
	const authors = stringList(v.authors, 'authors', 200, bad, false);
	const status = v.status ?? 'draft';
	if (!COURSE_STATUSES.includes(status as never)) bad('status', `unknown status ${quote(status)}; use one of ${list(COURSE_STATUSES)}`);
	const access = v.access ?? 'open';
	if (!ACCESS.includes(access as never)) bad('access', `unknown access ${quote(access)}; use one of ${list(ACCESS)}`);

	let organisation: ParsedCourse['organisation'] = null;
	if (v.organisation !== undefined) {
		const o = v.organisation as Record<string, unknown>;
		if (!o || typeof o !== 'object' || Array.isArray(o)) bad('organisation', 'organisation must have name, type and country');
		else {
			const unknown = Object.keys(o).filter((k) => !['name', 'type', 'country'].includes(k));
			if (unknown.length) bad('organisation', `unknown organisation field ${quote(unknown[0])}; use name, type and country`);
			if (typeof o.name !== 'string' || !o.name.trim() || o.name.length > 200) bad('organisation', 'organisation.name must be a name of 1 to 200 characters');
			if (!ORGANISATION_TYPES.includes(o.type as string)) bad('organisation', `unknown organisation type ${quote(o.type)}; use one of ${list(ORGANISATION_TYPES)}`);
			if (typeof o.country !== 'string' || !isCountryCode(o.country)) bad('organisation', `unknown country ${quote(o.country)}; use a two-letter code like KZ`);
			organisation = { name: String(o.name ?? '').trim(), type: o.type as OrganisationType, country: String(o.country ?? '') };
		}
	}
	let cover: string | null = null;
	if (v.cover !== undefined) {
		const path = typeof v.cover === 'string' ? resolveCoursePath(v.cover) : undefined;
		if (!path || !path.startsWith('assets/')) bad('cover', `cover must be an image in assets/, like assets/cover.jpg; ${quote(v.cover)} is outside the course's assets`);
		else if (!isImagePath(path)) bad('cover', `cover must be an image (.png, .jpg, .gif, .webp), not ${quote(v.cover)}`);
		else if (!assetExists(path)) bad('cover', `cover file ${quote(path)} is not in the course folder`);
		else cover = path;
	}
	const completion = parseCompletionBlock(v.completion, yaml, report);
	if (failed || completion === undefined) return undefined;
	return {
		yamlSource: yaml,
		completion,
		title: title!,
		summary: summary!,
		description,
		language: language as string,
		thematicAreas: areas,
		level: level as Level,
		estimatedHours: hours as number,
		outcomes,
		licence: licence as LicenceId,
		organisation,
		authors,
		cover,
		status: status as CourseStatusId,
		access: access as CourseAccess
	};
}

function parseModuleYaml(folder: string, source: string | undefined, exists: boolean, report: Report) {
	const file = `${folder}/module.yaml`;
	if (!exists) {
		report(file, 'missing: every module folder needs a module.yaml with its title');
		return undefined;
	}
	if (source === undefined) return undefined;
	const yaml = new YamlSource(source);
	for (const e of yaml.errors) report(file, e.message, e.line);
	if (yaml.errors.length) return undefined;
	if (!yaml.isMapping) {
		report(file, 'must be a mapping of fields (title: ...)', 1);
		return undefined;
	}
	let failed = false;
	const bad = (key: string, message: string) => {
		failed = true;
		report(file, message, yaml.line(key));
	};
	for (const { key, line } of yaml.keys()) {
		if (!MODULE_KEYS.includes(key)) {
			failed = true;
			report(file, `unknown field ${quote(key)}; known fields: ${list(MODULE_KEYS)}`, line);
		}
	}
	const v = yaml.toJS();
	const title = requiredText(v.title, 'title', 200, bad);
	const summary = optionalText(v.summary, 'summary', 1000, bad);
	if (failed) return undefined;
	return { title: title!, summary };
}

function sortProblems(problems: Problem[]) {
	return [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/** `courses/iwrm/02-basins/03-tools.md:4: unknown thematic area "water"` */
export function formatProblem(problem: Problem, label: string): string {
	const where = problem.file ? `${label}/${problem.file}` : label;
	return `${where}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
}
