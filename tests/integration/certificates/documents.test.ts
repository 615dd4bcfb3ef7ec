import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { issueCertificate } from '../../../src/lib/server/certificates/certificates';
import { certificatePdf } from '../../../src/lib/server/certificates/documents';
import { BUILTIN_TEMPLATE, saveTemplate } from '../../../src/lib/server/certificates/template';
import type { TemplateInput } from '../../../src/lib/schemas/certificates';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { enrol } from '../progress/progress-fixtures';

/**
 * A certificate's PDF is made on demand and kept until its template changes: the second
 * download sends the stored file; saving the template makes the next one new, with its words.
 */

const db = await testDatabase();

async function text(pdf: Uint8Array): Promise<string> {
	const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
	const page = await doc.getPage(1);
	const content = await page.getTextContent();
	return content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
}

let course: Awaited<ReturnType<typeof importTestCourse>>;
let certificate: Parameters<typeof certificatePdf>[1];
let adminId: string;

beforeAll(async () => {
	course = await importTestCourse(db, 'documents-course', 'cohort');
	const person = await makePerson(db);
	await db.updateTable('appUser').set({ name: 'Нұрлан Әбішұлы' }).where('id', '=', person.id).execute();
	const cohort = await makeCohort(db, course.id, { name: 'Весна 2026' });
	await enrol(db, cohort.id, person.id);
	adminId = (await makePerson(db, { role: 'admin' })).id;
	const { id } = await db.transaction().execute((trx) => issueCertificate(trx, { userId: person.id, courseId: course.id, cohortId: cohort.id }, { issuedBy: adminId }));
	certificate = await db.selectFrom('certificate').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
});

describe('certificatePdf', () => {
	it('makes the PDF once per language and sends the stored one after', async () => {
		const first = await certificatePdf(db, certificate, 'ru', 'https://bilim.example.org');
		expect(await text(first)).toContain('Нұрлан Әбішұлы');
		const stored = await db.selectFrom('certificatePdf').select(['locale', 'createdAt']).where('certificateId', '=', certificate.id).execute();
		expect(stored.map((r) => r.locale)).toEqual(['ru']);
		const again = await certificatePdf(db, certificate, 'ru', 'https://bilim.example.org');
		expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
		const after = await db.selectFrom('certificatePdf').select('createdAt').where('certificateId', '=', certificate.id).executeTakeFirstOrThrow();
		expect(after.createdAt).toEqual(stored[0]!.createdAt);

		const english = await certificatePdf(db, certificate, 'en', 'https://bilim.example.org');
		expect(await text(english)).toContain('Certificate of completion');
		expect(await db.selectFrom('certificatePdf').select('locale').where('certificateId', '=', certificate.id).execute()).toHaveLength(2);
	});

	it('makes it again, with the new words, after the course template changes', async () => {
		const before = await certificatePdf(db, certificate, 'en', 'https://bilim.example.org');
		const texts = structuredClone(BUILTIN_TEMPLATE.texts) as TemplateInput['texts'];
		texts.en.title = 'Certificate of achievement';
		await saveTemplate(
			db,
			course.id,
			{ autoIssue: true, texts, signatories: [{ name: 'Dana Abenova', title: 'Programme director' }], primaryColour: '#123456', accentColour: '#654321' },
			adminId
		);
		const after = await certificatePdf(db, certificate, 'en', 'https://bilim.example.org');
		expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
		const words = await text(after);
		expect(words).toContain('Certificate of achievement');
		expect(words).toContain('Dana Abenova');
		expect(words).toContain('Нұрлан Әбішұлы');
	});
});
