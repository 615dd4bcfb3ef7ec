import type { Browser, Page } from '@playwright/test';
import { randomInt, randomUUID } from 'node:crypto';
import { test, expect, visit, expectNoA11yViolations, newUser, signIn, signUp, DEMO, DEMO_PASSWORD, BASE } from './fixtures';
import { readQrFromPdf } from './qr';

/**
 * Certificates as people meet them: a learner finishes the sample course "Water-saving
 * irrigation" in the demo's open winter cohort (lessons, the quiz, the capstone graded by the
 * demo facilitator), finds the certificate under My certificates, downloads the PDF, and the QR
 * code printed on it, read from the rendered page, opens the public verification page, which
 * says "Valid" to a visitor with JavaScript off. Then a facilitator issues one by hand and
 * re-issues it under a corrected name, an administrator revokes it, and the verification page
 * says so. Each test signs up its own learner; the demo accounts only grade, issue and revoke.
 */

const COURSE = '/courses/water-saving-irrigation';
const COHORT = '/cohorts/water-saving-winter';
const TEXT_LESSONS = [
	'water-in-central-asian-farming',
	'where-the-water-goes',
	'better-furrows-and-laser-levelling',
	'drip-irrigation',
	'scheduling-and-water-user-associations'
];
const QUIZ = `${COURSE}/check-your-understanding`;
const CAPSTONE = `${COURSE}/water-saving-plan`;
const SUBMISSIONS = '/teach/cohorts/water-saving-winter/submissions';
const CERTIFICATES = '/teach/cohorts/water-saving-winter/certificates';
const VERIFY_URL = new RegExp(`^${BASE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/verify/[a-z2-7]{24}$`);

async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	return context.newPage();
}

async function enrol(page: Page) {
	await visit(page, COHORT);
	await page.getByRole('button', { name: 'Enrol' }).click();
	await expect(page).toHaveURL(`${COHORT}?notice=enrolled`);
}

/** The sample quiz answered right, each answer found by its label (questions are shuffled). */
async function passTheQuiz(page: Page) {
	await visit(page, QUIZ);
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(new RegExp(`${QUIZ}/quiz/[0-9a-f-]{36}$`));
	await page.getByLabel('Irrigated agriculture').check();
	await page.getByLabel('Your answer (a number, in %)').fill('42');
	await page.getByLabel('Surface irrigation (furrow, border, basin)').selectOption({ label: 'about 60 %' });
	await page.getByLabel('Sprinkler irrigation').selectOption({ label: 'about 75 %' });
	await page.getByLabel('Drip irrigation', { exact: true }).selectOption({ label: 'about 90 %' });
	await page.getByLabel('Shorter furrows, or cutting the flow once water reaches the end').check();
	await page.getByLabel('Laser levelling the field').check();
	await page.getByLabel('Watering every other furrow').check();
	await page.getByRole('radio', { name: 'True' }).check();
	await page.getByLabel('Your answer', { exact: true }).fill('ETo');
	const order = ['Water source (well, tank or settling pond)', 'Filter unit', 'Mainline and sub-mains', 'Drip laterals with emitters'];
	for (const [i, item] of order.entries()) await page.getByLabel(item).selectOption({ label: `Place ${i + 1}` });
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page).toHaveURL(/\?notice=submitted$/);
	await expect(page.getByRole('heading', { name: 'Result' })).toBeVisible();
	await expect(page.getByText('Passed', { exact: true }).first()).toBeVisible();
}

async function gradeCapstone(browser: Browser, learnerName: string) {
	const facilitator = await newPage(browser);
	await signIn(facilitator, DEMO.facilitator, DEMO_PASSWORD);
	await visit(facilitator, `${SUBMISSIONS}?show=ungraded`);
	await facilitator.getByRole('row', { name: new RegExp(learnerName) }).getByRole('link', { name: /^Grade\b/ }).click();
	const group = (name: string) => facilitator.getByRole('group', { name });
	await group('Where the water goes').getByRole('radio', { name: /^Main losses named/ }).check();
	await group('Choice of measures').getByRole('radio', { name: /^Sensible measures/ }).check();
	await group('Steps, costs and people').getByRole('radio', { name: /^Realistic steps/ }).check();
	await facilitator.getByRole('button', { name: 'Save the grade' }).click();
	await expect(facilitator.getByRole('status').filter({ hasText: 'The grade is saved' })).toBeVisible();
	await facilitator.context().close();
}

test('a learner finishes the sample course, downloads the PDF, and its QR code opens a verification page that says valid', async ({ page, browser }) => {
	test.setTimeout(240_000);
	const learner = await signUp(page, newUser('cert', { name: `Әлия Қасымқызы ${randomUUID().slice(0, 4)}` }));
	await enrol(page);

	// Not complete yet: no certificate, and the page says when one comes.
	await visit(page, '/my/certificates');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My certificates');
	await expect(page.getByText('You have no certificates yet.')).toBeVisible();

	for (const slug of TEXT_LESSONS) {
		await page.goto(`${COURSE}/${slug}`);
		const status = page.getByRole('region', { name: 'Lesson status' });
		await status.getByRole('button', { name: 'Mark as complete' }).click();
		await expect(status.getByRole('status')).toHaveText('Lesson marked as complete.');
	}
	await passTheQuiz(page);

	await visit(page, CAPSTONE);
	const mine = page.getByRole('region', { name: 'Your submission' });
	await mine.getByLabel('Your answer').fill('Shorter furrows and alternate-furrow watering on 2 ha of cotton.');
	await mine.getByRole('button', { name: 'Hand in' }).click();
	await expect(page).toHaveURL(`${CAPSTONE}?notice=submitted#assignment`);
	await visit(page, '/my/certificates');
	await expect(page.getByText('You have no certificates yet.')).toBeVisible();

	// The facilitator's grade completes the course: the certificate is issued at that moment.
	await gradeCapstone(browser, learner.name);

	await visit(page, '/my');
	await page.getByRole('link', { name: 'My certificates' }).click();
	await expect(page).toHaveURL('/my/certificates');
	const card = page.getByRole('article', { name: 'Water-saving irrigation for farmers in Central Asia' });
	await expect(card).toContainText('Valid');
	await expect(card).toContainText('Water-saving irrigation: winter group');
	await expect(card).toContainText(/BLM-\d{4}-\d{6}/);
	await expectNoA11yViolations(page);
	const verifyField = card.getByLabel(/^Verification link/);
	const verifyUrl = await verifyField.inputValue();
	expect(verifyUrl).toMatch(VERIFY_URL);
	const linkedin = card.getByRole('link', { name: /Add to LinkedIn profile/ });
	const linkedinUrl = new URL((await linkedin.getAttribute('href'))!);
	expect(linkedinUrl.origin).toBe('https://www.linkedin.com');
	expect(linkedinUrl.searchParams.get('certUrl')).toBe(verifyUrl);

	// The PDF: one page; its QR code, read from the rendered page, is the verification link.
	const pdfHref = await card.getByRole('link', { name: /^PDF in English/ }).getAttribute('href');
	const pdf = await page.request.get(pdfHref!);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect(pdf.headers()['content-disposition']).toMatch(/^attachment; filename="BLM-\d{4}-\d{6}\.pdf"/);
	const bytes = await pdf.body();
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
	const qr = await readQrFromPdf(browser, bytes);
	expect(qr.pages).toBe(1);
	expect(qr.text).toBe(verifyUrl);
	// Someone else cannot download it.
	const stranger = await newPage(browser);
	await signUp(stranger);
	expect((await stranger.request.get(pdfHref!)).status()).toBe(404);
	await stranger.context().close();

	// The credential: a signed Open Badges 3.0 credential about this achievement.
	const credential = await page.request.get((await card.getByRole('link', { name: /^Digital credential/ }).getAttribute('href'))!);
	expect(credential.status()).toBe(200);
	const jwt = (await credential.text()).trim();
	const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
	expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
	expect(payload.id).toBe(verifyUrl);
	expect(payload.credentialSubject.achievement.name).toBe('Water-saving irrigation for farmers in Central Asia');

	// A visitor, not signed in and with JavaScript off, opens the link from the QR code.
	const visitor = await newPage(browser, false);
	await visit(visitor, qr.text!);
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Certificate verification');
	await expect(visitor.getByRole('heading', { name: 'Valid certificate' })).toBeVisible();
	await expect(visitor.getByText(learner.name, { exact: true })).toBeVisible();
	await expect(visitor.getByText('Water-saving irrigation: winter group', { exact: false })).toBeVisible();
	await visitor.context().close();
	const json = await page.request.get(`/api/verify/${verifyUrl.split('/').pop()}`);
	expect(await json.json()).toMatchObject({ status: 'valid', valid: true, holder: learner.name });
});

test('a facilitator issues by hand and re-issues under a corrected name; an administrator revokes; the verification page follows', async ({ page, browser }) => {
	test.setTimeout(180_000);
	const learner = await signUp(page, newUser('reissue', { name: `Gayrat Oktamov ${randomUUID().slice(0, 4)}` }));
	await enrol(page);
	const corrected = learner.name.replace('Gayrat Oktamov', 'Gʻayrat Oʻktamov');

	const facilitator = await newPage(browser);
	await signIn(facilitator, DEMO.facilitator, DEMO_PASSWORD);
	await visit(facilitator, CERTIFICATES);
	await expect(facilitator.getByRole('heading', { level: 1 })).toContainText('Certificates');
	const row = () => facilitator.getByRole('row', { name: new RegExp(learner.name.split(' ').pop()!) });
	await expect(row()).toContainText('Not yet');

	// Before completion, issuing by hand needs the box ticked.
	await row().getByRole('button', { name: /^Issue certificate/ }).click();
	await expect(row().getByText('This learner has not completed the course: tick the box to issue the certificate anyway.')).toBeVisible();
	await row().getByRole('checkbox', { name: 'Issue although the course is not completed' }).check();
	await row().getByRole('button', { name: /^Issue certificate/ }).click();
	await expect(row()).toContainText(/BLM-\d{4}-\d{6}/);
	await expectNoA11yViolations(facilitator);

	// The learner's link, before the correction.
	await visit(page, '/my/certificates');
	const firstUrl = await page.getByLabel(/^Verification link/).first().inputValue();

	// Re-issue under the corrected name.
	await row().getByText('Re-issue after a name correction').click();
	await expect(row().getByLabel('Name on the certificate')).toHaveValue(learner.name);
	await row().getByLabel('Name on the certificate').fill(corrected);
	await row().getByRole('button', { name: 'Re-issue certificate' }).click();
	await expect(facilitator.getByText('The certificate has been re-issued; the old one is marked as replaced.')).toBeVisible();
	await facilitator.context().close();

	const visitor = await newPage(browser, false);
	await visit(visitor, firstUrl);
	await expect(visitor.getByRole('heading', { name: /^Replaced/ })).toBeVisible();
	await visitor.getByRole('link', { name: /See the certificate that replaces it/ }).click();
	await expect(visitor.getByRole('heading', { name: 'Valid certificate' })).toBeVisible();
	await expect(visitor.getByText(corrected, { exact: true })).toBeVisible();
	const newUrl = visitor.url();

	// A learner's forged revocation is refused.
	const certificateId = new URL((await page.getByRole('link', { name: /^PDF in English/ }).first().getAttribute('href'))!, BASE).pathname.split('/')[2];
	const forged = await page.request.post('/admin/certificates?/revoke', { form: { certificateId: certificateId!, reason: 'forged' }, headers: { origin: BASE } });
	expect(forged.status()).toBe(403);

	// The administrator finds it and revokes it with a reason.
	const admin = await newPage(browser);
	await signIn(admin, DEMO.admin, DEMO_PASSWORD);
	await visit(admin, `/admin/certificates?q=${encodeURIComponent(corrected)}`);
	const adminRow = admin.getByRole('row', { name: new RegExp(corrected.split(' ').pop()!) }).filter({ hasText: 'Valid' });
	await adminRow.locator('summary').filter({ hasText: /^Revoke/ }).click();
	await adminRow.getByLabel(/^Reason for revoking BLM-/).fill('Issued by hand by mistake.');
	await adminRow.getByRole('button', { name: /^Revoke BLM-/ }).click();
	await expect(admin.getByText('The certificate has been revoked.')).toBeVisible();
	await expectNoA11yViolations(admin);
	await admin.context().close();

	await visit(visitor, newUrl);
	await expect(visitor.getByRole('heading', { name: /^Revoked/ })).toBeVisible();
	await expect(visitor.getByText('Issued by hand by mistake.')).toBeVisible();
	await visitor.context().close();
});

test('any code that is not a certificate gets a plain “not found”, and the code form works without JavaScript', async ({ browser }) => {
	const visitor = await newPage(browser, false);
	for (const code of ['nope', 'a'.repeat(24), 'A'.repeat(500), '%E2%9C%93', 'x%27%20or%201%3D1']) {
		const response = await visitor.goto(`/verify/${code}`);
		expect(response?.status()).toBe(404);
		await expect(visitor.getByText('No certificate has this verification code.', { exact: false })).toBeVisible();
	}
	await expectNoA11yViolations(visitor);
	const api = await visitor.request.get('/api/verify/nope');
	expect(api.status()).toBe(404);
	expect(await api.json()).toMatchObject({ status: 'not_found' });

	await visit(visitor, '/verify');
	await visitor.getByRole('button', { name: 'Check' }).click();
	await expect(visitor.getByText('Enter the verification code printed under the QR code.')).toBeVisible();
	await visitor.getByLabel('Verification code').fill(' BENCH BENCH ');
	await visitor.getByRole('button', { name: 'Check' }).click();
	await expect(visitor).toHaveURL('/verify/benchbench');
	await expect(visitor.getByText('No certificate has this verification code.', { exact: false })).toBeVisible();

	// In Russian.
	await visit(visitor, '/verify');
	await visitor.getByRole('button', { name: 'Русский', exact: true }).click();
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Проверить сертификат');
	await visitor.getByLabel('Код проверки').fill('неттакого');
	await visitor.getByRole('button', { name: 'Проверить' }).click();
	await expect(visitor.getByText('Сертификата с таким кодом проверки нет.', { exact: false })).toBeVisible();
	await expectNoA11yViolations(visitor);
	await visitor.context().close();
});
