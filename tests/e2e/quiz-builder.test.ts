import type { Browser, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { BASE, DEMO, DEMO_PASSWORD, expect, expectNoA11yViolations, submitSignIn, test, visit } from './fixtures';

/**
 * An author builds a quiz's questions with form fields, not YAML: a single choice question
 * (refused first for want of a right answer, with the typed values kept), a numeric one with
 * JavaScript off, then moves and deletes questions. The demo administrator works in English.
 */

/** A control's name with a visually hidden part ("Move up: Question 3"): browsers may put a space before the colon. */
const named = (visible: string, hidden: string) => new RegExp(`^${visible}\\s*:\\s*${hidden}$`);

const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('');

async function signedIn(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await submitSignIn(page, email, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	return page;
}

test('an author builds quiz questions with form fields, with and without JavaScript', async ({ browser }) => {
	test.setTimeout(180_000);
	const page = await signedIn(browser, DEMO.admin);
	const title = `Quiz builder ${word()}`;
	const slug = title.toLowerCase().replace(/ /g, '-');
	const lessonPath = `/teach/${slug}/lessons/check-your-understanding`;

	// A draft course with a module and a quiz lesson.
	await visit(page, '/teach');
	await page.getByLabel('Course title', { exact: true }).fill(title);
	await page.getByRole('button', { name: 'Create course' }).click();
	await expect(page).toHaveURL(`/teach/${slug}?notice=created`);
	await visit(page, `/teach/${slug}/outline`);
	const newModule = page.getByRole('form', { name: 'New module' });
	await newModule.getByLabel('Module title', { exact: true }).fill('Practice');
	await newModule.getByRole('button', { name: 'Add module' }).click();
	await expect(page.getByRole('status')).toHaveText('The module has been added.');
	await page.getByLabel('New lesson in “Practice”', { exact: true }).fill('Check your understanding');
	await page.getByLabel('Kind of the new lesson in “Practice”').selectOption({ label: 'Quiz' });
	await page.getByRole('button', { name: 'Add lesson' }).click();
	await expect(page.getByRole('status')).toHaveText('The lesson has been added. Open it to write its text.');
	await visit(page, lessonPath);
	const list = page.getByRole('region', { name: 'Questions', exact: true });
	await expect(list.getByRole('listitem')).toHaveCount(1);
	await expect(list).toContainText('Question 1 · True or false · Points: 1');

	// A single choice question, with no right answer marked: refused beside the choices, nothing lost.
	await page.getByLabel('Type of the new question').selectOption({ label: 'Single choice' });
	await page.getByRole('button', { name: 'Add a question' }).click();
	await expect(page).toHaveURL(`${lessonPath}/questions/new?type=single_choice`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('New question: Single choice');
	await expectNoA11yViolations(page);
	await page.getByLabel('Question text').fill('Which unit does IWRM use to plan the management of water?');
	await page.getByLabel('Choice 1', { exact: true }).fill('The river basin');
	await page.getByLabel('Feedback on choice 1 (optional)').fill('Water flows across borders, so the basin is planned as one.');
	await page.getByLabel('Choice 2', { exact: true }).fill('The administrative district');
	await page.getByRole('button', { name: 'Save question' }).click();
	await expect(page.getByText('Mark one choice as correct.')).toBeVisible();
	await expect(page.getByText('Nothing was saved. Fix the problems marked below and save again.')).toBeVisible();
	await expect(page.getByRole('radio', { name: named('Correct', 'Choice 1') })).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Choice 1', { exact: true })).toHaveValue('The river basin');
	await expect(page.getByLabel('Question text')).toHaveValue('Which unit does IWRM use to plan the management of water?');
	await expectNoA11yViolations(page);

	// More rows on request (nothing saved), then a third choice, the right one marked, saved.
	await expect(page.getByLabel('Choice 5', { exact: true })).toHaveCount(0);
	await page.getByRole('button', { name: 'Add more rows' }).click();
	await expect(page.getByLabel('Choice 6', { exact: true })).toBeVisible();
	await expect(page.getByLabel('Choice 2', { exact: true })).toHaveValue('The administrative district');
	await page.getByLabel('Choice 5', { exact: true }).fill('The single farm');
	await page.getByRole('radio', { name: named('Correct', 'Choice 1') }).check();
	await page.getByRole('button', { name: 'Save question' }).click();
	await expect(page).toHaveURL(new RegExp(`${lessonPath}\\?question=added#question-`));
	await expect(page.getByText('The question has been added.')).toBeVisible();
	await expect(list.getByRole('listitem')).toHaveCount(2);
	await expect(list).toContainText('Question 2 · Single choice · Points: 1');
	const preview = page.getByRole('region', { name: 'The questions as learners see them' });
	await expect(preview.getByRole('radio', { name: 'The single farm' })).toBeVisible();
	await expect(preview).not.toContainText('Water flows across borders');
	await expectNoA11yViolations(page);

	// With JavaScript off: a numeric question, by the same forms.
	const plain = await signedIn(browser, DEMO.admin, false);
	await visit(plain, lessonPath);
	await plain.getByLabel('Type of the new question').selectOption({ label: 'Numeric' });
	await plain.getByRole('button', { name: 'Add a question' }).click();
	await expect(plain).toHaveURL(`${lessonPath}/questions/new?type=numeric`);
	await expectNoA11yViolations(plain);
	await plain.getByLabel('Question text').fill('About what percentage of the water does drip irrigation bring to the plants?');
	await plain.getByLabel('Correct answer').fill('ninety');
	await plain.getByLabel('Tolerance').fill('5');
	await plain.getByLabel('Unit (optional)').fill('%');
	await plain.getByRole('button', { name: 'Save question' }).click();
	await expect(plain.getByText('Enter a number, like 3.5.')).toBeVisible();
	await expect(plain.getByLabel('Correct answer')).toHaveAttribute('aria-invalid', 'true');
	await expect(plain.getByLabel('Tolerance')).toHaveValue('5');
	await expectNoA11yViolations(plain);
	await plain.getByLabel('Correct answer').fill('90');
	await plain.getByLabel('Id', { exact: true }).fill('drip-efficiency');
	await plain.getByRole('button', { name: 'Save question' }).click();
	await expect(plain).toHaveURL(`${lessonPath}?question=added#question-drip-efficiency`);
	await expect(plain.getByText('The question has been added.')).toBeVisible();
	const plainPreview = plain.getByRole('region', { name: 'The questions as learners see them' });
	await expect(plainPreview).toContainText('3 questions, 3 points.');
	await expect(plainPreview.getByRole('group', { name: /Question 3/ })).toContainText('About what percentage of the water');
	await expectNoA11yViolations(plain);

	// Moved up, and the starter question deleted once the box is ticked (still without JavaScript).
	await plain.getByRole('button', { name: named('Move up', 'Question 3') }).click();
	await expect(plain.getByText('The question has been moved.')).toBeVisible();
	const plainList = plain.getByRole('region', { name: 'Questions', exact: true });
	await expect(plainList.getByRole('listitem').nth(1)).toContainText('Numeric');
	await plain.getByText('Delete…').first().click();
	await plain.getByRole('button', { name: named('Delete question', 'Question 1') }).click();
	await expect(plain.getByText('Tick the box to confirm the deletion.')).toBeVisible();
	await expectNoA11yViolations(plain);
	await plain.getByLabel('Yes, delete question 1').check();
	await plain.getByRole('button', { name: named('Delete question', 'Question 1') }).click();
	await expect(plain.getByText('The question has been deleted.')).toBeVisible();
	await expect(plainList.getByRole('listitem')).toHaveCount(2);
	await expect(plainList.getByRole('list')).not.toContainText('True or false');
	// the YAML option holds the same questions
	await expect(plain.getByLabel('Questions (YAML)')).toHaveValue(/- id: drip-efficiency\n  type: numeric/);

	// Editing shows the saved values.
	await plain.getByRole('link', { name: named('Edit', 'Question 1') }).click();
	await expect(plain.getByRole('heading', { level: 1 })).toHaveText('Question 1: Numeric');
	await expect(plain.getByLabel('Correct answer')).toHaveValue('90');
	await expect(plain.getByLabel('Unit (optional)')).toHaveValue('%');
	await expectNoA11yViolations(plain);
	await plain.context().close();

	// A learner can neither open the builder nor post to it; a missing question is a 404.
	const learner = await signedIn(browser, DEMO.learner);
	expect((await learner.goto(`${lessonPath}/questions/new?type=numeric`))?.status()).toBe(403);
	const forged = await learner.request.post(`${BASE}${lessonPath}/questions/new?/save`, {
		headers: { origin: BASE, accept: 'text/html' },
		form: { lessonId: '00000000-0000-0000-0000-000000000000', type: 'true_false', prompt: 'Hacked', answer: 'true' }
	});
	expect(forged.status()).toBe(403);
	await learner.context().close();
	expect((await page.goto(`${lessonPath}/questions/no-such-question`))?.status()).toBe(404);
	await page.context().close();
});
