import { describe, expect, it } from 'vitest';
import { formatProblem, parseCoursePackage } from '../../../src/lib/server/courses/package/parse';
import { PNG, validCourseFiles } from '../../course-package';

const problemsOf = (overrides: Parameters<typeof validCourseFiles>[0], slug = 'water-basics') =>
	parseCoursePackage(validCourseFiles(overrides), slug).problems.map((p) => formatProblem(p, `courses/${slug}`));

const withCourseYaml = (edit: (yaml: string) => string) => {
	const yaml = new TextDecoder().decode(validCourseFiles().get('course.yaml'));
	return { 'course.yaml': edit(yaml) };
};

describe('parsing a course package', () => {
	it('reads a valid course, in order, with slugs from names', () => {
		const { course, problems } = parseCoursePackage(validCourseFiles(), 'water-basics');
		expect(problems).toEqual([]);
		expect(course?.title).toBe('Water basics');
		expect(course?.thematicAreas).toEqual(['iwrm', 'water-saving']);
		expect(course?.estimatedHours).toBe(2.5);
		expect(course?.modules.map((m) => m.slug)).toEqual(['water-basics', 'practice']);
		expect(course?.modules[0]?.lessons.map((l) => [l.slug, l.minutes, l.required])).toEqual([
			['what-is-iwrm', 12, true],
			['basins', 10, false]
		]);
		expect(course?.modules[0]?.lessons[0]?.attachments).toEqual([{ path: 'assets/notes.pdf', title: 'Notes' }]);
		expect(course?.modules[0]?.lessons[0]?.body).toMatch(/^Integrated water/);
		expect(course?.cover).toBe('assets/cover.png');
		expect(course?.assets.map((a) => a.path).sort()).toEqual(['assets/basin.png', 'assets/cover.png', 'assets/notes.pdf']);
	});

	it('orders by numeric prefix, not by name', () => {
		const { course } = parseCoursePackage(
			validCourseFiles({
				'02-practice/module.yaml': null,
				'02-practice/01-field-visit.md': null,
				'10-later/module.yaml': 'title: Later\n',
				'9-earlier/module.yaml': 'title: Earlier\n'
			}),
			'water-basics'
		);
		expect(course?.modules.map((m) => m.slug)).toEqual(['water-basics', 'earlier', 'later']);
	});

	it('refuses a folder with no course.yaml', () => {
		expect(problemsOf({ 'course.yaml': null })).toEqual([
			'courses/water-basics/course.yaml: missing: every course folder needs a course.yaml (see docs/course-format.md)'
		]);
	});

	it('refuses bad YAML, naming the line', () => {
		const problems = problemsOf({ 'course.yaml': 'title: A\nsummary: [unclosed\nlanguage: en\n' });
		expect(problems.length).toBeGreaterThan(0);
		expect(problems[0]).toMatch(/^courses\/water-basics\/course\.yaml:\d+: invalid YAML/);
	});

	it('names the line of an unknown thematic area', () => {
		expect(problemsOf(withCourseYaml((y) => y.replace('  - water-saving', '  - water')))).toEqual([
			'courses/water-basics/course.yaml:8: unknown thematic area "water"; use one of climate-change, iwrm, transboundary-water, flood-emergency, biodiversity, waste, chemical-safety, cso-leadership, environment-health, clean-energy, water-saving'
		]);
	});

	it('lists every problem, not only the first', () => {
		const problems = problemsOf({
			...withCourseYaml((y) => y.replace('language: en', 'language: xx').replace('level: introductory', 'level: expert') + 'colour: green\n'),
			'01-water-basics/02-basins.md': '---\nminutes: many\n---\nText\n'
		});
		expect(problems).toEqual([
			'courses/water-basics/01-water-basics/02-basins.md:2: the lesson has no title: add "title: ..." to its front matter',
			'courses/water-basics/01-water-basics/02-basins.md:2: minutes must be a whole number from 0 to 6000, not "many"',
			expect.stringMatching(/^courses\/water-basics\/course\.yaml:5: unknown language "xx"/),
			expect.stringMatching(/^courses\/water-basics\/course\.yaml:9: unknown level "expert"/),
			expect.stringMatching(/^courses\/water-basics\/course\.yaml:22: unknown field "colour"/)
		]);
	});

	it('refuses missing required fields', () => {
		const problems = problemsOf(withCourseYaml((y) => y.replace(/^title: .*\n/m, '').replace(/^summary: .*\n/m, '')));
		expect(problems).toEqual([
			'courses/water-basics/course.yaml:1: missing field "title"',
			'courses/water-basics/course.yaml:1: missing field "summary"'
		]);
	});

	it('refuses unknown fields in a lesson and in a module', () => {
		expect(problemsOf({ '02-practice/module.yaml': 'title: Practice\ncolor: red\n' })).toEqual([
			'courses/water-basics/02-practice/module.yaml:2: unknown field "color"; known fields: title, summary'
		]);
		expect(problemsOf({ '02-practice/01-field-visit.md': '---\ntitle: A\nauthor: me\n---\nText\n' })).toEqual([
			'courses/water-basics/02-practice/01-field-visit.md:3: unknown field "author"; known fields: title, minutes, required, video, attachments, completion'
		]);
	});

	it('refuses a module without module.yaml', () => {
		expect(problemsOf({ '02-practice/module.yaml': null })).toEqual([
			'courses/water-basics/02-practice/module.yaml: missing: every module folder needs a module.yaml with its title'
		]);
	});

	it('refuses duplicate lesson slugs across modules and duplicate numbers', () => {
		expect(problemsOf({ '02-practice/02-basins.md': '---\ntitle: Again\n---\n' })).toEqual([
			'courses/water-basics/02-practice/02-basins.md: duplicate lesson slug "basins": also 01-water-basics/02-basins.md (lesson slugs are unique in a course)'
		]);
		expect(problemsOf({ '01-water-basics/01-another.md': '---\ntitle: Another\n---\n' })).toEqual([
			'courses/water-basics/01-water-basics/01-what-is-iwrm.md: number 01 is also used by 01-another.md'
		]);
	});

	it('refuses a lesson without front matter or with it unclosed', () => {
		expect(problemsOf({ '02-practice/01-field-visit.md': '# Just text\n' })).toEqual([
			'courses/water-basics/02-practice/01-field-visit.md:1: a lesson starts with front matter: a line "---", then "title: ...", then a line "---"'
		]);
		expect(problemsOf({ '02-practice/01-field-visit.md': '---\ntitle: Open\n\nText\n' })).toEqual([
			'courses/water-basics/02-practice/01-field-visit.md:1: the front matter is not closed: add a line "---" after its fields'
		]);
	});

	it('refuses asset paths that escape the folder, and missing files', () => {
		expect(
			problemsOf({
				'01-water-basics/02-basins.md': '---\ntitle: Basins\n---\n\n![x](../../secret.png)\n\n[y](assets/missing.pdf)\n'
			})
		).toEqual([
			'courses/water-basics/01-water-basics/02-basins.md:5: path "../../secret.png" escapes the course\'s assets folder',
			'courses/water-basics/01-water-basics/02-basins.md:7: file "assets/missing.pdf" is not in the course folder'
		]);
		expect(problemsOf(withCourseYaml((y) => y.replace('cover: assets/cover.png', 'cover: ../../etc/passwd')))).toEqual([
			expect.stringMatching(/course\.yaml:20: cover must be an image in assets\//)
		]);
	});

	it('refuses files of the wrong type or content', () => {
		expect(problemsOf({ 'assets/page.html': '<script>alert(1)</script>' })).toEqual([
			expect.stringMatching(/^courses\/water-basics\/assets\/page\.html: files of type "\.html" are not allowed/)
		]);
		expect(problemsOf({ 'assets/logo.svg': '<svg onload="alert(1)"/>' })).toEqual([
			expect.stringMatching(/assets\/logo\.svg: files of type "\.svg" are not allowed/)
		]);
		expect(problemsOf({ 'assets/fake.png': '<html>not an image</html>' })).toEqual([
			'courses/water-basics/assets/fake.png: the file\'s content is not a .png file'
		]);
	});

	it('refuses stray files, folders in modules and lone H5P settings with a clear word', () => {
		expect(problemsOf({ 'notes.txt': 'hi' })).toEqual([
			expect.stringMatching(/^courses\/water-basics\/notes\.txt: unexpected file at the top of the course/)
		]);
		// An H5P activity is read here and checked whole at import (tests/integration/courses/h5p-format.test.ts).
		expect(problemsOf({ '02-practice/02-check.h5p': 'PK' })).toEqual([]);
		expect(problemsOf({ '02-practice/03-check.h5p.yaml': 'minutes: 5\n' })).toEqual([
			'courses/water-basics/02-practice/03-check.h5p.yaml: settings of an H5P activity, but there is no 03-check.h5p (a .h5p file or folder) beside it'
		]);
		expect(problemsOf({ '02-practice/images/map.png': 'x' })).toEqual([
			'courses/water-basics/02-practice/images/map.png: modules hold files, not folders; put images and files in the course assets/ folder'
		]);
		expect(problemsOf({ 'practice/module.yaml': 'title: X\n' })).toEqual([
			'courses/water-basics/practice/: a module folder name must start with its number, like 01-water-basics'
		]);
	});

	it('refuses bad slugs and video URLs from other hosts', () => {
		expect(problemsOf({}, 'Water_Basics')[0]).toMatch(/not a valid slug/);
		expect(problemsOf({ '01-water-basics/02-basins.md': '---\ntitle: B\nvideo: https://evil.example/v.mp4\n---\n' })).toEqual([
			'courses/water-basics/01-water-basics/02-basins.md:3: video "https://evil.example/v.mp4" is not a YouTube or Vimeo URL'
		]);
	});

	it('accepts an image at the course root path and Windows line endings', () => {
		const { problems } = parseCoursePackage(
			validCourseFiles({
				'02-practice/01-field-visit.md': '---\r\ntitle: Visit\r\n---\r\n\r\n![Basin](assets/basin.png)\r\n',
				'assets/more.png': PNG
			}),
			'water-basics'
		);
		expect(problems).toEqual([]);
	});
});
