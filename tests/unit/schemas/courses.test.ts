import { describe, expect, it } from 'vitest';
import { CourseDetailsSchema, LessonSchema, NewCourseSchema, joinListFields } from '../../../src/lib/schemas/courses';
import { parseForm } from '../../../src/lib/server/form';

/** A form as a browser sends it: repeated names kept, in order. */
const form = (entries: [string, string][]) => {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
};
const parse = <S extends Parameters<typeof parseForm>[0]>(schema: S, entries: [string, string][]) =>
	parseForm(schema, joinListFields(form(entries)));

const details: [string, string][] = [
	['title', ' Drip irrigation '],
	['summary', 'How drip saves water.\r\n'],
	['description', 'Line one\r\nLine two'],
	['language', 'ru'],
	['thematicAreas', 'water-saving'],
	['thematicAreas', 'iwrm'],
	['thematicAreas', 'iwrm'],
	['level', 'intermediate'],
	['estimatedHours', '1,5'],
	['outcomes', 'Sketch a layout\r\n\r\n  Estimate losses  \r\n'],
	['licence', 'CC-BY-SA-4.0'],
	['authors', ''],
	['coverAssetId', '']
];

describe('the course details form', () => {
	it('collects every ticked area, one outcome per line, and normalises line endings', () => {
		const result = parse(CourseDetailsSchema, details);
		expect(result.ok && result.data).toEqual({
			title: 'Drip irrigation',
			summary: 'How drip saves water.',
			description: 'Line one\nLine two',
			language: 'ru',
			thematicAreas: ['water-saving', 'iwrm'],
			level: 'intermediate',
			estimatedHours: 1.5,
			outcomes: ['Sketch a layout', 'Estimate losses'],
			licence: 'CC-BY-SA-4.0',
			authors: [],
			coverAssetId: null
		});
	});

	it('puts each problem beside its field', () => {
		const without = (name: string) => details.filter(([k]) => k !== name);
		const errors = (entries: [string, string][]) => {
			const result = parse(CourseDetailsSchema, entries);
			return result.ok ? {} : result.errors;
		};
		expect(errors(without('thematicAreas'))).toEqual({ thematicAreas: 'error_areas_required' });
		expect(errors([...without('outcomes'), ['outcomes', ' \n ']])).toEqual({ outcomes: 'error_outcomes_required' });
		expect(errors([...without('estimatedHours'), ['estimatedHours', '1.25']])).toEqual({ estimatedHours: 'error_hours_invalid' });
		expect(errors([...without('estimatedHours'), ['estimatedHours', 'many']])).toEqual({ estimatedHours: 'error_hours_invalid' });
		expect(errors([...without('language'), ['language', 'xx']])).toEqual({ language: 'error_language_unknown' });
		expect(errors([...without('thematicAreas'), ['thematicAreas', 'water']])).toEqual({ thematicAreas: 'error_invalid' });
		expect(errors([...without('outcomes'), ['outcomes', 'x'.repeat(501)]])).toEqual({ outcomes: 'error_line_too_long' });
	});
});

describe('the new course form', () => {
	it('makes an empty slug "from the title" and refuses a malformed one', () => {
		const ok = parse(NewCourseSchema, [['title', 'Water'], ['slug', ''], ['language', 'en'], ['organisationId', '']]);
		expect(ok.ok && ok.data).toEqual({ title: 'Water', slug: undefined, language: 'en', organisationId: null });
		const upper = parse(NewCourseSchema, [['title', 'Water'], ['slug', 'Water-Basics'], ['language', 'en']]);
		expect(upper.ok && upper.data.slug).toBe('water-basics');
		const bad = parse(NewCourseSchema, [['title', 'Water'], ['slug', 'water basics!'], ['language', 'en']]);
		expect(!bad.ok && bad.errors).toEqual({ slug: 'error_slug_invalid' });
	});
});

describe('the lesson form', () => {
	const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
	const lesson: [string, string][] = [
		['lessonId', id(9)],
		['title', 'Canals'],
		['slug', 'canals'],
		['minutes', '12'],
		['videoUrl', ''],
		['videoAssetId', ''],
		['body', 'Text\r\nmore'],
		['attachId', id(1)],
		['attachTitle', 'Field notes'],
		['attachId', id(2)],
		['attachTitle', ''],
		['attachId', id(3)],
		['attachTitle', 'Not ticked'],
		['attach', id(2)],
		['attach', id(1)]
	];

	it('pairs each ticked file with its title, in the order listed; an unticked box means optional', () => {
		const result = parse(LessonSchema, lesson);
		expect(result.ok && result.data).toEqual({
			lessonId: id(9),
			title: 'Canals',
			slug: 'canals',
			minutes: 12,
			required: false,
			videoUrl: null,
			videoAssetId: null,
			body: 'Text\nmore',
			attachments: [
				{ assetId: id(1), title: 'Field notes' },
				{ assetId: id(2), title: '' }
			]
		});
		const required = parse(LessonSchema, [...lesson, ['required', 'yes']]);
		expect(required.ok && required.data.required).toBe(true);
	});

	it('refuses bad minutes and slugs, and over-long attachment titles', () => {
		const errors = (entries: [string, string][]) => {
			const result = parse(LessonSchema, entries);
			return result.ok ? {} : result.errors;
		};
		const replace = (name: string, value: string): [string, string][] =>
			lesson.map(([k, v]) => [k, k === name ? value : v] as [string, string]);
		expect(errors(replace('minutes', '2.5'))).toEqual({ minutes: 'error_minutes_invalid' });
		expect(errors(replace('minutes', ''))).toEqual({ minutes: 'error_required' });
		expect(errors(replace('slug', '-canals'))).toEqual({ slug: 'error_slug_invalid' });
		expect(errors([...lesson.filter(([k]) => k !== 'attachTitle'), ['attachTitle', 'x'.repeat(201)]])).toEqual({
			attachments: 'error_too_long'
		});
	});
});
