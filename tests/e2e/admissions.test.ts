import type { Browser, Page } from '@playwright/test';
import {
	test,
	expect,
	visit,
	expectNoA11yViolations,
	newUser,
	signUp,
	submitSignIn,
	DEMO,
	DEMO_PASSWORD,
	BASE
} from './fixtures';

/**
 * Competitive admission to the demo cohort CALP 2026 (application mode, 30 seats, open for
 * about a month, a rubric of three weighted criteria): a new learner applies with JavaScript
 * off, two reviewers score, the facilitator accepts and releases, the learner sees the seat.
 */

const COHORT = 'calp-2026';
const APPLY = `/cohorts/${COHORT}/apply`;
const DASHBOARD = `/teach/cohorts/${COHORT}/applications`;
const PROBLEM = 'Which environmental problem in your community do you want to work on?';
const MOTIVATION =
	'I run a youth network in Osh that monitors the Ak-Buura river; I want to learn to lead a regional project with partners.';

async function signedIn(browser: Browser, email: string, options: { javaScriptEnabled?: boolean; phone?: boolean } = {}) {
	const context = await browser.newContext({
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		...(options.phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : {})
	});
	const page = await context.newPage();
	// Some demo accounts read Russian: wait for the profile, whatever its language.
	await submitSignIn(page, email, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	return page;
}

const rubric = (page: Page, legend: string) => page.getByRole('group', { name: legend });

async function score(page: Page, values: [number, number, number], comment: string) {
	await rubric(page, 'Motivation (weight 2)').getByRole('radio', { name: String(values[0]), exact: true }).check();
	await rubric(page, 'Relevant experience (weight 1)').getByRole('radio', { name: String(values[1]), exact: true }).check();
	await rubric(page, 'Potential impact in the region (weight 2)').getByRole('radio', { name: String(values[2]), exact: true }).check();
	await page.getByLabel('Comment', { exact: true }).fill(comment);
	await page.getByRole('button', { name: /Submit review|Save changes/ }).click();
	await expect(page.getByRole('status')).toHaveText('Your review is saved.');
	await expectNoA11yViolations(page);
}

async function fitsPhone(page: Page) {
	const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
	expect(width, page.url()).toBeLessThanOrEqual(360);
}

test('a learner applies without JavaScript; two reviewers score; the facilitator accepts and releases; the learner has a seat', async ({
	browser
}) => {
	test.setTimeout(240_000);

	// 1. A new learner signs up and applies with JavaScript off.
	const learnerContext = await browser.newContext({ javaScriptEnabled: false });
	const learner = await learnerContext.newPage();
	const person = await signUp(learner, newUser('applicant'));
	await visit(learner, APPLY);
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Apply to CALP 2026');
	await expect(learner.getByText('Not started')).toBeVisible();
	await expect(learner.getByText(/Application deadline: .*Asia\/Almaty/)).toBeVisible();
	// The country comes from the profile.
	await expect(learner.getByLabel('Country', { exact: true })).toHaveValue('KG');

	await learner.getByLabel('Organisation', { exact: true }).fill('Ak-Buura Youth Network');
	await learner.getByLabel('Type of organisation').selectOption({ label: 'Civil-society organisation' });
	await learner.getByRole('button', { name: 'Save draft' }).click();
	await expect(learner).toHaveURL(`${APPLY}?notice=saved`);
	await expect(learner.getByRole('status')).toHaveText('Draft saved. It is not submitted yet.');
	await expect(learner.getByLabel('Organisation', { exact: true })).toHaveValue('Ak-Buura Youth Network');
	await expectNoA11yViolations(learner);

	// An incomplete submission is refused beside each field, and what was typed stays.
	await learner.getByLabel('Position', { exact: true }).fill('Coordinator');
	await learner.getByLabel('Motivation', { exact: true }).fill('Too short.');
	await learner.getByRole('button', { name: 'Submit application' }).click();
	await expect(learner.getByRole('alert').first()).toContainText('Some answers need attention');
	await expect(learner.getByText('Please write at least 50 characters.')).toBeVisible();
	await expect(learner.getByText('Choose one of the options.')).toBeVisible();
	await expect(learner.getByLabel('Motivation', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await expect(learner.getByLabel('Position', { exact: true })).toHaveValue('Coordinator');
	await expectNoA11yViolations(learner);

	await learner.getByRole('radio', { name: 'Female', exact: true }).check();
	await learner.getByLabel('Years of professional experience').fill('4');
	await learner.getByLabel('Motivation', { exact: true }).fill(MOTIVATION);
	await learner.getByLabel(PROBLEM).fill('Household waste dumped along the Ak-Buura river in Osh.');
	await learner.getByRole('checkbox', { name: 'Transboundary water cooperation' }).check();
	await learner.getByRole('button', { name: 'Submit application' }).click();
	await expect(learner).toHaveURL(`${APPLY}?notice=submitted`);
	await expect(learner.getByRole('status')).toHaveText('Application submitted. We have sent you a confirmation by email.');
	await expect(learner.getByText('Submitted', { exact: true })).toBeVisible();
	await expect(learner.getByRole('button', { name: 'Save changes' })).toBeVisible();
	await expect(learner.getByRole('button', { name: 'Submit application' })).toHaveCount(0);
	await expectNoA11yViolations(learner);

	// Submitting a second time (a replayed form) is refused with a clear message.
	const again = await learner.request.post(`${APPLY}?/submit`, {
		headers: { origin: BASE, accept: 'text/html' },
		form: { organisationName: 'Again', motivation: MOTIVATION }
	});
	expect(again.status()).toBe(409);
	expect(await again.text()).toContain('You have already submitted an application to this cohort.');

	// 2. The facilitator assigns two reviewers to it.
	const facilitator = await signedIn(browser, DEMO.facilitator);
	await visit(facilitator, DASHBOARD);
	await expect(facilitator.getByRole('heading', { level: 1 })).toHaveText('Applications');
	await expect(facilitator.getByText(/Seats: 30 · taken \d+ · left \d+/)).toBeVisible();
	const select = (page: Page) => page.getByRole('checkbox', { name: `Select the application of ${person.name}` });
	for (const reviewer of [DEMO.facilitator, DEMO.admin]) {
		await select(facilitator).check();
		await expect(select(facilitator)).toBeChecked();
		await facilitator.getByLabel("Reviewer's email").fill(reviewer);
		await facilitator.getByRole('button', { name: 'Assign reviewer' }).click();
		await expect(facilitator.getByRole('status')).toContainText('reviews the selected applications (new assignments: 1)');
	}
	// An unknown reviewer is refused beside the field.
	await select(facilitator).check();
	await expect(select(facilitator)).toBeChecked();
	await facilitator.getByLabel("Reviewer's email").fill('nobody@example.org');
	await facilitator.getByRole('button', { name: 'Assign reviewer' }).click();
	await expect(facilitator.getByText('No active account has this email address.')).toBeVisible();
	await expectNoA11yViolations(facilitator);
	const applicationPath = await facilitator.getByRole('link', { name: person.name, exact: true }).getAttribute('href');
	const applicationId = applicationPath!.split('/').pop()!;

	// 3. The facilitator scores it, first forgetting a criterion.
	await visit(facilitator, '/review');
	await expect(facilitator.getByRole('heading', { level: 1 })).toHaveText('Reviews');
	await facilitator.getByRole('link', { name: person.name, exact: true }).click();
	await expect(facilitator).toHaveURL(`/review/${applicationId}`);
	await expect(facilitator.getByText(MOTIVATION)).toBeVisible();
	await expect(facilitator.getByText("You will see the other reviewers' scores and comments once you have submitted yours.")).toBeVisible();
	await expectNoA11yViolations(facilitator);
	await rubric(facilitator, 'Motivation (weight 2)').getByRole('radio', { name: '5', exact: true }).check();
	await facilitator.getByRole('button', { name: 'Submit review' }).click();
	await expect(facilitator.getByText('Score this criterion.')).toHaveCount(2);
	await expectNoA11yViolations(facilitator);
	await score(facilitator, [5, 3, 4], 'Concrete river project, good local partners.');
	await expect(facilitator.getByRole('heading', { name: 'Your score: 4.2' })).toBeVisible();
	await expect(facilitator.getByText('No other reviewer has scored this application yet.')).toBeVisible();

	// 4. The administrator, the second reviewer, sees no average before scoring, then the first review.
	const admin = await signedIn(browser, DEMO.admin);
	await visit(admin, `${DASHBOARD}?sort=name&dir=asc&decision=undecided&page=1`);
	const adminRow = admin.getByRole('row').filter({ hasText: person.name });
	await expect(adminRow.getByRole('link', { name: 'Score it first' })).toBeVisible();
	await adminRow.getByRole('link', { name: 'Score it first' }).click();
	await expect(admin).toHaveURL(`/review/${applicationId}`);
	await expect(admin.getByText('Concrete river project')).toHaveCount(0);
	await score(admin, [4, 4, 4], 'Would add a mentor from the basin council.');
	await expect(admin.getByRole('heading', { name: 'Other reviewers' })).toBeVisible();
	await expect(admin.getByText('Concrete river project, good local partners.')).toBeVisible();
	await admin.context().close();

	// 5. The facilitator accepts and releases the decision.
	await visit(facilitator, `${DASHBOARD}?sort=name&dir=asc&decision=undecided&page=1`);
	const row = facilitator.getByRole('row').filter({ hasText: person.name });
	await expect(row).toContainText('2 of 2');
	await expect(row).toContainText('4.1');
	await select(facilitator).check();
	await facilitator.getByRole('button', { name: 'Accept selected' }).click();
	await expect(facilitator.getByRole('status')).toHaveText('Decision “Accepted” saved (applications changed: 1).');
	// Not told yet: the learner still sees "Submitted".
	await learner.reload();
	await expect(learner.getByText('Submitted', { exact: true })).toBeVisible();
	await expect(learner.getByText('Congratulations')).toHaveCount(0);

	await visit(facilitator, DASHBOARD);
	await facilitator.getByRole('button', { name: /^Release decisions/ }).click();
	await expect(facilitator.getByText('Tick the box to confirm.')).toBeVisible();
	await facilitator.getByRole('checkbox', { name: /Yes, send the decisions not sent yet/ }).check();
	await facilitator.getByRole('button', { name: /^Release decisions/ }).click();
	await expect(facilitator.getByRole('status')).toContainText('Decisions sent:');
	await expect(facilitator.getByText('Every decision made so far has been sent.')).toBeVisible();
	await expectNoA11yViolations(facilitator);

	// 6. The learner sees the acceptance.
	await visit(learner, APPLY);
	await expect(learner.getByText('Congratulations: you are accepted to CALP 2026 and have a seat.')).toBeVisible();
	await expect(learner.getByRole('link', { name: "Go to the cohort's page" })).toHaveAttribute('href', `/cohorts/${COHORT}`);
	// The cohort has not started: its modules show their opening dates, and a lesson waits for its date.
	await learner.getByRole('link', { name: "Go to the cohort's page" }).click();
	await expect(learner).toHaveURL(`/cohorts/${COHORT}`);
	const modules = learner.getByRole('region', { name: 'Modules' });
	await expect(modules.getByText(/^Opens on .+ Asia\/Almaty \(UTC\+05:00\)$/).first()).toBeVisible();
	await expect(modules.getByRole('link', { name: 'What is sustainable development?' })).toHaveCount(0);
	await visit(learner, '/courses/calp-leadership/what-is-sustainable-development');
	await expect(learner.getByRole('heading', { name: 'This module is not open yet' })).toBeVisible();
	await expect(learner.getByText(/^This module opens on .+\./)).toBeVisible();
	await expect(learner.getByText('A definition that has lasted')).toHaveCount(0);
	await expectNoA11yViolations(learner);

	// 7. Nobody else reads the application: not the learner on the review page, not another staff member.
	const forLearner = await learner.goto(`/review/${applicationId}`);
	expect(forLearner?.status()).toBe(404);
	const forLearnerDashboard = await learner.goto(DASHBOARD);
	expect(forLearnerDashboard?.status()).toBe(403);
	const author = await signedIn(browser, DEMO.author);
	for (const path of [DASHBOARD, `${DASHBOARD}/${applicationId}`, `/teach/cohorts/${COHORT}/applications.csv`]) {
		const response = await author.goto(path);
		expect(response?.status(), path).toBe(403);
	}
	// A decision posted by a facilitator of no cohort here is refused, and nothing changes.
	const forged = await author.request.post(`${DASHBOARD}?/reject`, {
		headers: { origin: BASE, accept: 'text/html' },
		form: { ids: applicationId }
	});
	expect(forged.status()).toBe(403);
	await visit(facilitator, `${DASHBOARD}?decision=accepted`);
	await expect(facilitator.getByRole('row').filter({ hasText: person.name })).toContainText('Accepted');
	await author.context().close();
	await facilitator.context().close();
	await learnerContext.close();
});

test('the facilitator downloads the applications as CSV with a byte-order mark', async ({ browser }) => {
	const facilitator = await signedIn(browser, DEMO.facilitator);
	const response = await facilitator.request.get(`/teach/cohorts/${COHORT}/applications.csv`);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
	const body = await response.body();
	expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = body.toString('utf8');
	expect(text).toContain('Full name,Email,Country,Gender');
	expect(text).toContain(PROBLEM);
	await facilitator.context().close();
});

test('the apply page, the review list and the dashboard fit a phone; in Russian too', async ({ browser }) => {
	const learner = await signedIn(browser, DEMO.learner2, { phone: true });
	await visit(learner, APPLY);
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Заявка на участие: CALP 2026');
	await expect(learner.getByRole('button', { name: 'Сохранить черновик' })).toBeVisible();
	await expect(learner.getByRole('button', { name: 'Отправить заявку' })).toBeVisible();
	await fitsPhone(learner);
	await learner.context().close();

	const facilitator = await signedIn(browser, DEMO.facilitator, { phone: true });
	for (const path of [DASHBOARD, '/review']) {
		await visit(facilitator, path);
		await fitsPhone(facilitator);
	}
	await facilitator.context().close();
});
