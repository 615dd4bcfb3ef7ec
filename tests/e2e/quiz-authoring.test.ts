import type { Browser, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { BASE, DEMO, DEMO_PASSWORD, expect, expectNoA11yViolations, submitSignIn, test, visit } from './fixtures';

/**
 * An author makes a quiz in the browser: a quiz lesson added to a module, questions typed as
 * YAML, a problem reported with its line, fixed, saved, and the questions seen as a learner
 * sees them. The demo administrator works in English.
 */

const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('');

const BROKEN = `- id: drip-efficiency
  type: numeric
  prompt: About what percentage of the water does drip irrigation bring to the plants?
  answer: 90
  tolerance: 5
  unit: '%'
- id: iwrm-unit
  type: single_choice
  prompt: Which unit does IWRM use to plan the management of water?
  choices:
    - id: basin
      text: The river basin
      feedback: Water flows across borders, so the basin is planned as one.
    - id: district
      text: The administrative district
`;
const FIXED = BROKEN.replace('      text: The river basin\n', '      text: The river basin\n      correct: true\n');

async function signedIn(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await submitSignIn(page, email, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	return page;
}

test('an author creates a quiz in the browser, is shown a problem by line, fixes it and sees the preview', async ({ browser }) => {
	test.setTimeout(180_000);
	const page = await signedIn(browser, DEMO.admin);
	const title = `Quiz authoring ${word()}`;
	const slug = title.toLowerCase().replace(/ /g, '-');

	// A draft course with a module.
	await visit(page, '/teach');
	await page.getByLabel('Course title', { exact: true }).fill(title);
	await page.getByRole('button', { name: 'Create course' }).click();
	await expect(page).toHaveURL(`/teach/${slug}?notice=created`);
	await visit(page, `/teach/${slug}/outline`);
	const newModule = page.getByRole('form', { name: 'New module' });
	await newModule.getByLabel('Module title', { exact: true }).fill('Practice');
	await newModule.getByRole('button', { name: 'Add module' }).click();
	await expect(page.getByRole('status')).toHaveText('The module has been added.');

	// A quiz lesson in it.
	await page.getByLabel('New lesson in “Practice”', { exact: true }).fill('Check your understanding');
	await page.getByLabel('Kind of the new lesson in “Practice”').selectOption({ label: 'Quiz' });
	await page.getByRole('button', { name: 'Add lesson' }).click();
	await expect(page.getByRole('status')).toHaveText('The lesson has been added. Open it to write its text.');
	const row = page.locator('.lesson-name');
	await expect(row).toContainText('Check your understanding');
	await expect(row).toContainText('Quiz');
	await expectNoA11yViolations(page);
	await page.getByRole('link', { name: 'Check your understanding' }).click();
	await expect(page).toHaveURL(`/teach/${slug}/lessons/check-your-understanding`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your understanding');
	// the new quiz's placeholder question, as a learner sees it
	const preview = page.getByRole('region', { name: 'The questions as learners see them' });
	await expect(preview).toContainText('Replace this with your first question.');
	await expectNoA11yViolations(page);

	// Settings and questions; a single choice question without a right answer is refused, by line.
	await page.getByLabel('Pass mark, %').fill('70');
	await page.getByLabel('Time limit, minutes').fill('15');
	await page.getByLabel('Attempts allowed').fill('3');
	await page.getByLabel('When learners see the right answers').selectOption('after_attempt');
	// The questions as text are the advanced option, folded under the builder's list.
	await page.getByText('Advanced: edit all questions as text (YAML)').click();
	const questions = page.getByLabel('Questions (YAML)');
	await questions.fill(BROKEN);
	await page.getByRole('button', { name: 'Save quiz' }).click();
	await expect(page.getByText('The questions have 1 problem(s); nothing was saved.')).toBeVisible();
	await expect(page.locator('#questions-issues li')).toHaveText([
		'Line 10: question 2 (iwrm-unit): exactly one choice must have correct: true (found 0); use type multiple_response for several'
	]);
	await expect(questions).toHaveAttribute('aria-invalid', 'true');
	await expect(questions).toHaveValue(BROKEN);
	await expect(page.getByLabel('Pass mark, %')).toHaveValue('70');
	await expectNoA11yViolations(page);

	// Fixed and saved: the preview shows the questions, never which answer is right.
	await questions.fill(FIXED);
	await page.getByRole('button', { name: 'Save quiz' }).click();
	await expect(page).toHaveURL(`/teach/${slug}/lessons/check-your-understanding?saved`);
	await expect(page.getByRole('status')).toHaveText('The lesson has been saved.');
	await expect(preview).toContainText('2 questions, 2 points.');
	await expect(preview.getByRole('group', { name: /Question 1/ })).toContainText('About what percentage of the water');
	await expect(preview.getByRole('radio', { name: 'The river basin' })).toBeVisible();
	await expect(preview.getByRole('radio', { name: 'The administrative district' })).toBeVisible();
	await expect(preview).not.toContainText('Water flows across borders');
	await expect(page.getByLabel('Questions (YAML)')).toHaveValue(/correct: true/);
	await expectNoA11yViolations(page);

	// At phone width the editor still fits.
	await page.setViewportSize({ width: 375, height: 800 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
	await expectNoA11yViolations(page);
	await page.setViewportSize({ width: 1280, height: 800 });

	// The course's completion rules: the quiz must be passed, and it makes the final grade.
	await visit(page, `/teach/${slug}`);
	const rules = page.getByRole('form', { name: 'Completion rules and final grade' });
	await expect(rules).toContainText('The course uses the default rules');
	await rules.getByRole('checkbox', { name: 'Check your understanding (pass mark 70 %)' }).check();
	await rules.getByLabel('Weight of “Check your understanding”').fill('-1');
	await rules.getByRole('button', { name: 'Save completion rules' }).click();
	await expect(page.getByLabel('Weight of “Check your understanding”')).toHaveAttribute('aria-invalid', 'true');
	await expectNoA11yViolations(page);
	await page.getByLabel('Weight of “Check your understanding”').fill('2');
	await page.getByRole('button', { name: 'Save completion rules' }).click();
	await expect(page.getByRole('status')).toHaveText('The completion rules have been saved.');
	await expect(page.getByRole('form', { name: 'Completion rules and final grade' })).toContainText('This course has rules of its own.');
	await expect(page.getByLabel('Weight of “Check your understanding”')).toHaveValue('2');
	await expectNoA11yViolations(page);
	await visit(page, `/teach/${slug}/lessons/check-your-understanding`);

	// A learner posting the editor's form is refused.
	const learner = await signedIn(browser, DEMO.learner);
	const forged = await learner.request.post(`${BASE}/teach/${slug}/lessons/check-your-understanding?/saveQuiz`, {
		headers: { origin: BASE, accept: 'text/html' },
		form: { lessonId: '00000000-0000-0000-0000-000000000000', title: 'Hacked', slug: 'hacked', minutes: '1', passPercent: '0', review: 'never', questions: FIXED }
	});
	expect(forged.status()).toBe(403);
	await learner.context().close();

	// Without JavaScript, "Preview the questions" shows the typed questions, unsaved, and keeps them.
	const plain = await signedIn(browser, DEMO.admin, false);
	await visit(plain, `/teach/${slug}/lessons/check-your-understanding`);
	const more = `${FIXED}- id: aral-shrank\n  type: true_false\n  prompt: The Aral Sea has lost most of its volume since 1960.\n  answer: true\n`;
	await plain.getByText('Advanced: edit all questions as text (YAML)').click();
	await plain.getByLabel('Questions (YAML)').fill(more);
	await plain.getByRole('button', { name: 'Preview the questions' }).click();
	const unsaved = plain.getByRole('region', { name: 'The questions as learners see them' });
	await expect(unsaved).toContainText('The questions you typed, not saved yet.');
	await expect(unsaved.getByRole('group', { name: /Question 3/ })).toContainText('The Aral Sea has lost most of its volume');
	await expect(plain.getByLabel('Questions (YAML)')).toHaveValue(more);
	await expectNoA11yViolations(plain);
	await plain.context().close();
	await page.context().close();
});
