import { describe, expect, it } from 'vitest';
import { formatProblem, parseCoursePackage } from '../../../src/lib/server/courses/package/parse';
import { validCourseFiles } from '../../course-package';

/** course.yaml's `access`: who reads the lessons (docs/course-format.md). */

const withAccess = (line: string | null) => {
	const yaml = new TextDecoder().decode(validCourseFiles().get('course.yaml'));
	return validCourseFiles({ 'course.yaml': line === null ? yaml : `${yaml}${line}\n` });
};

describe('course.yaml access', () => {
	it('is open when not given', () => {
		expect(parseCoursePackage(withAccess(null), 'water-basics').course?.access).toBe('open');
	});
	it('reads open and cohort', () => {
		expect(parseCoursePackage(withAccess('access: open'), 'water-basics').course?.access).toBe('open');
		expect(parseCoursePackage(withAccess('access: cohort'), 'water-basics').course?.access).toBe('cohort');
	});
	it('refuses anything else, saying what is allowed and where', () => {
		const { course, problems } = parseCoursePackage(withAccess('access: members'), 'water-basics');
		expect(course).toBeUndefined();
		expect(problems.map((p) => formatProblem(p, 'courses/water-basics'))).toEqual([
			'courses/water-basics/course.yaml:22: unknown access "members"; use one of open, cohort'
		]);
	});
});
