import { beforeAll, describe, expect, it } from 'vitest';
import { exportMyData, EXPORT_FORMAT } from '../../../src/lib/server/account/my-data';
import { testDatabase } from '../test-db';
import { importTestCourse } from '../cohorts/enrolment-fixtures';
import { alumna, PHOTO, type Alumna } from './account-fixtures';

/**
 * "Download my data": all of hers (every contact channel whatever its visibility, her photo,
 * connections, memberships, enrolments, applications, results, certificates), none of what is
 * someone else's or secret (password hash, others' contacts, who reported her, answer keys,
 * an unreleased decision, file contents).
 */

const db = await testDatabase();
let a: Alumna;
let data: Awaited<ReturnType<typeof exportMyData>>;
let text: string;

beforeAll(async () => {
	const course = await importTestCourse(db, 'my-data-course', 'cohort');
	a = await alumna(db, course);
	data = await exportMyData(db, a.user.id, new Date('2026-12-10T12:00:00Z'));
	text = JSON.stringify(data);
});

describe('the export', () => {
	it('states its format and holds her account without the password hash', async () => {
		expect(data.format).toBe(EXPORT_FORMAT);
		expect(data.exportedAt).toBe('2026-12-10T12:00:00.000Z');
		expect(data.account).toMatchObject({ id: a.user.id, email: a.user.email, name: 'Gulnara Rahimova', locale: 'ru' });
		const hash = await db.selectFrom('appUser').select('passwordHash').where('id', '=', a.user.id).executeTakeFirstOrThrow();
		expect(text).not.toContain(hash.passwordHash);
		expect(text).not.toMatch(/password/i);
	});

	it('holds her whole profile: every contact channel whatever its visibility, and her photo', () => {
		expect(data.directoryProfile).toMatchObject({
			displayName: 'Gulnara Rahimova',
			city: 'Khujand',
			telegram: '@gulnara_r',
			telegramVisibility: 'self',
			phone: '+992 90 123 45 67',
			phoneVisibility: 'connections',
			photo: { contentType: 'image/png', base64: Buffer.from(PHOTO).toString('base64') }
		});
		expect(text).not.toContain('searchDocument');
	});

	it('holds her connections, blocks, memberships and reports made, but not others’ contacts or who reported her', () => {
		expect(data.connections).toMatchObject([{ personId: a.friendId, direction: 'received', status: 'accepted', message: 'Hi Gulnara' }]);
		expect(data.blocks.map((b) => b.personId)).toEqual([a.blockedId]);
		expect(data.networkMemberships).toMatchObject([{ status: 'member', source: 'completion' }]);
		expect(data.networksModerated).toHaveLength(1);
		expect(data.reportsMade).toMatchObject([{ profileUserId: a.blockedId, reason: 'Spam messages' }]);
		expect(text).not.toContain('@friend_public');
		expect(text).not.toContain('Testing reports');
	});

	it('holds her learning: enrolment, application (no decision before it is released), progress, attempts, submissions, completion, certificate', () => {
		expect(data.enrolments).toMatchObject([{ cohort: a.cohort.name, status: 'enrolled' }]);
		expect(data.applications).toMatchObject([{ cohort: a.cohort.name, motivation: 'Water for Fergana', decision: null, decisionReleasedAt: null }]);
		expect(data.lessonProgress.filter((p) => p.completedAt)).toHaveLength(2);
		expect(data.quizAttempts).toMatchObject([{ number: 1, percent: 80, passed: true }]);
		for (const attempt of data.quizAttempts) expect(Object.keys(attempt)).not.toContain('quiz');
		expect(data.assignmentSubmissions).toMatchObject([{ body: 'My work', score: 18, files: [{ name: 'plan.pdf', size: 9, contentType: 'application/pdf' }] }]);
		expect(text).not.toContain('SECRET');
		expect(data.courseCompletions).toHaveLength(1);
		expect(data.certificates).toMatchObject([{ code: a.certificateCode, holderName: 'Gulnara Rahimova' }]);
	});

	it('shows the decision once it has been released', async () => {
		await db.updateTable('application').set({ decisionReleasedAt: new Date() }).where('userId', '=', a.user.id).execute();
		const again = await exportMyData(db, a.user.id);
		expect(again.applications).toMatchObject([{ decision: 'rejected' }]);
	});
});
