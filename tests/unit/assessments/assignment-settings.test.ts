import { describe, expect, it } from 'vitest';
import {
	DEFAULT_FILE_TYPES,
	assignmentToSource,
	maxScore,
	parseAssignmentSettings,
	parseAssignmentSource
} from '../../../src/lib/server/assessments/assignment-settings';
import { rubricScore } from '../../../src/lib/server/assessments/assignments';
import { submissionFileName } from '../../../src/lib/server/assessments/submission-files';

const rubric = [
	{ id: 'analysis', title: 'Analysis', levels: [{ id: 'weak', title: 'Weak', points: 0 }, { id: 'strong', title: 'Strong', points: 10 }] },
	{ id: 'writing', title: 'Writing', levels: [{ id: 'unclear', title: 'Unclear', points: 1 }, { id: 'clear', title: 'Clear', points: 4.5 }] }
];

describe('assignment settings', () => {
	it('fill in the defaults', () => {
		const result = parseAssignmentSettings(null);
		expect(result.ok && maxScore(result.settings)).toBe(100);
		expect(result).toEqual({
			ok: true,
			settings: { points: 100, fileTypes: [...DEFAULT_FILE_TYPES], maxFileMb: 10, maxFiles: 3, textEntry: true, passPercent: 50, rubric: [] }
		});
	});

	it('take a rubric, whose best levels make the maximum', () => {
		const result = parseAssignmentSettings({ rubric, fileTypes: ['.PDF', 'pdf', 'zip'] });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.settings.fileTypes).toEqual(['pdf', 'zip']);
		expect(result.settings.rubric[0]!.description).toBeNull();
		expect(maxScore(result.settings)).toBe(14.5);
	});

	it('say what is wrong, and where', () => {
		const bad = parseAssignmentSettings({
			maxFileMb: 50,
			maxFiles: 2.5,
			colour: 'red',
			rubric: [rubric[0], { id: 'Bad Id', title: '', levels: [{ id: 'only', title: 'Only', points: 1 }] }, rubric[0]]
		});
		expect(bad.ok).toBe(false);
		if (bad.ok) return;
		const messages = bad.issues.map((i) => i.message);
		expect(messages).toEqual(
			expect.arrayContaining([
				'maxFileMb must be a number from 0.01 to 20, not 50',
				'maxFiles must be a whole number from 0 to 10, not 2.5',
				expect.stringContaining('unknown field "colour"'),
				'rubric criterion 2: id "Bad Id" may use only a-z, 0-9 and single hyphens, like "analysis"',
				'rubric criterion 2: title must not be empty',
				'rubric criterion 2: levels needs at least 2 entries'
			])
		);
		expect(parseAssignmentSettings({ rubric: [rubric[0], rubric[0]] })).toMatchObject({
			ok: false,
			issues: [{ message: 'rubric criterion 2 (analysis): criterion id "analysis" is used twice' }]
		});
		expect(parseAssignmentSettings({ textEntry: false, maxFiles: 0 })).toMatchObject({ ok: false, issues: [{ path: ['maxFiles'] }] });
	});

	it('read the snake_case of a file’s front matter, and write it back leaving defaults out', () => {
		const parsed = parseAssignmentSource({ points: 40, file_types: ['pdf'], max_files: 1, pass_percent: 60, rubric });
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.settings).toMatchObject({ points: 40, fileTypes: ['pdf'], maxFiles: 1, passPercent: 60, textEntry: true });
		expect(parseAssignmentSource(assignmentToSource(parsed.settings))).toEqual(parsed);
		const defaults = parseAssignmentSource({});
		expect(defaults.ok && assignmentToSource(defaults.settings)).toEqual({});

		const wrong = parseAssignmentSource({ max_files: 'many', fileTypes: ['pdf'] });
		expect(wrong.ok).toBe(false);
		if (wrong.ok) return;
		expect(wrong.issues.map((i) => i.message)).toEqual(
			expect.arrayContaining(['max_files must be a whole number from 0 to 10, not "many"', expect.stringContaining('unknown field "fileTypes"')])
		);
		expect(parseAssignmentSource('text')).toMatchObject({ ok: false });
	});
});

describe('rubric scores', () => {
	it('add the levels chosen, and refuse a level that is not there', () => {
		const parsed = parseAssignmentSettings({ rubric });
		if (!parsed.ok) throw new Error('the rubric does not parse');
		const rubricOf = parsed.settings.rubric;
		expect(rubricScore(rubricOf, { analysis: 'strong', writing: 'clear' })).toBe(14.5);
		expect(() => rubricScore(rubricOf, { analysis: 'perfect', writing: 'clear' })).toThrow('error_assignment_level_unknown');
		expect(() => rubricScore(rubricOf, { analysis: 'weak' })).toThrow('error_assignment_level_required');
	});
});

describe('submitted file names', () => {
	it('keep their script, lose folders and characters a file system or a header would choke on', () => {
		expect(submissionFileName('C:\\fakepath\\Отчёт «финал».pdf')).toBe('Отчёт «финал».pdf');
		expect(submissionFileName('a"b<c>.txt')).toBe('a_b_c_.txt');
		expect(submissionFileName('../../.hidden.txt')).toBe('hidden.txt');
		const long = submissionFileName(`${'x'.repeat(300)}.docx`);
		expect(long).toHaveLength(200);
		expect(long.endsWith('.docx')).toBe(true);
	});
});
