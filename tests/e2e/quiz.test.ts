import type { Browser, Page } from '@playwright/test';
import { randomInt, randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { test, expect, visit, expectNoA11yViolations, signIn, signUp, DEMO, DEMO_PASSWORD } from './fixtures';

/**
 * A learner takes a quiz and sees the feedback, with JavaScript and without. Each test makes
 * its own open course with a quiz (uploaded as a course .zip by the demo administrator, the way an
 * author brings a course in) and signs up its own learner.
 */

const COURSE_YAML = `title: Quiz practice
summary: A short course with a quiz.
language: en
thematic_areas: [iwrm]
level: introductory
estimated_hours: 1
outcomes: [Check what you know]
licence: CC-BY-4.0
status: published
`;

const QUIZ = `title: River check
description: Seven questions on **rivers**. Take your time.
time_limit_minutes: 30
attempts_allowed: 3
pass_percent: 60
questions:
  - id: unit
    type: single_choice
    prompt: Which unit does IWRM plan by?
    choices:
      - id: right-one
        text: The river basin
        correct: true
        feedback: Basins are planned as one.
      - id: wrong-one
        text: The district
      - id: wrong-two
        text: The farm
    feedback:
      correct: Well done, the basin it is.
  - id: principles
    type: multiple_response
    prompt: Which are Dublin principles?
    choices:
      - { id: finite, text: Water is finite, correct: true }
      - { id: women, text: Women play a central part, correct: true }
      - { id: free, text: Water is free }
  - id: economic
    type: true_false
    prompt: Water has an economic value.
    answer: true
  - id: river
    type: short_answer
    prompt: Name a river that feeds the Aral Sea.
    accepted: [Quokkadarya, Amu Darya]
  - id: drip
    type: numeric
    prompt: What percentage of water does drip irrigation deliver?
    answer: 87.25
    tolerance: 2
    unit: '%'
  - id: seas
    type: matching
    prompt: Match each river with where it ends.
    pairs:
      - { id: amu, left: Amu Darya, right: Aral Sea south }
      - { id: syr, left: Syr Darya, right: Aral Sea north }
      - { id: ili, left: Ili, right: Lake Balkhash }
    distractors:
      - { id: caspian, text: Caspian Sea }
  - id: plan
    type: ordering
    prompt: Put the steps in order.
    items:
      - { id: assess, text: Assess the resources }
      - { id: agree, text: Agree the goals }
      - { id: act, text: Carry out the measures }
      - { id: monitor, text: Monitor and revise }
    feedback:
      general: Plans start from what there is.
`;

/** What only the right answers and their feedback contain: never in the page before submission. */
const SECRETS = ['right-one', 'Basins are planned', 'Well done', 'Quokkadarya', '87.25', 'Plans start from'];

/** A context of its own (e.g. without JavaScript), from its own made-up address like every test. */
async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	return context.newPage();
}

/** The demo administrator uploads a new open course with the quiz; its lesson's address. */
async function courseWithQuiz(browser: Browser): Promise<string> {
	const slug = `quiz-e2e-${randomUUID().slice(0, 8)}`;
	const zip = zipSync({
		'course.yaml': strToU8(COURSE_YAML),
		'01-basics/module.yaml': strToU8('title: Basics\n'),
		'01-basics/01-rivers.md': strToU8('---\ntitle: Rivers\n---\n\nRivers cross borders.\n'),
		'01-basics/02-river-check.quiz.yaml': strToU8(QUIZ)
	});
	const page = await newPage(browser);
	await signIn(page, DEMO.admin, DEMO_PASSWORD);
	await page.goto('/teach');
	await page.getByLabel('Course .zip file', { exact: true }).setInputFiles({ name: `${slug}.zip`, mimeType: 'application/zip', buffer: Buffer.from(zip) });
	await page.getByRole('button', { name: 'Upload and import' }).click();
	await expect(page).toHaveURL(`/teach/${slug}?notice=imported`);
	await page.context().close();
	return `/courses/${slug}/river-check`;
}

const question = (page: Page, number: number) => page.getByRole('group', { name: new RegExp(`^Question ${number}\\b`) });

/** Answers questions 1 to 6 right (the options are shuffled: found by their labels). */
async function answerFirstSix(page: Page) {
	await question(page, 1).getByLabel('The river basin').check();
	await question(page, 2).getByLabel('Water is finite').check();
	await question(page, 2).getByLabel('Women play a central part').check();
	await question(page, 3).getByRole('radio', { name: 'True' }).check();
	await question(page, 4).getByLabel('Your answer').fill('  amu   DARYA ');
	await question(page, 5).getByLabel('Your answer (a number, in %)').fill('88,5');
	await question(page, 6).getByLabel('Amu Darya', { exact: true }).selectOption({ label: 'Aral Sea south' });
	await question(page, 6).getByLabel('Syr Darya', { exact: true }).selectOption({ label: 'Aral Sea north' });
	await question(page, 6).getByLabel('Ili', { exact: true }).selectOption({ label: 'Lake Balkhash' });
}

async function answerOrdering(page: Page) {
	const steps = ['Assess the resources', 'Agree the goals', 'Carry out the measures', 'Monitor and revise'];
	for (const [i, step] of steps.entries()) await question(page, 7).getByLabel(step).selectOption({ label: `Place ${i + 1}` });
}

async function expectNoSecrets(page: Page) {
	const html = await page.content();
	for (const secret of SECRETS) expect(html, `the page gives away ${secret}`).not.toContain(secret);
}

test('a learner takes a quiz with JavaScript: saves, comes back, confirms unanswered questions, sees feedback', async ({ page, browser }) => {
	const lesson = await courseWithQuiz(browser);

	// A visitor sees what the quiz is and is asked to sign in.
	await visit(page, lesson);
	await expect(page.getByRole('heading', { name: 'Quiz', exact: true })).toBeVisible();
	await expect(page.getByText('Seven questions on rivers.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Sign in to take this quiz' })).toHaveAttribute('href', `/signin?next=${encodeURIComponent(lesson)}`);

	await signUp(page);
	await visit(page, lesson);
	await expect(page.getByText('0 of 3 used')).toBeVisible();
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(new RegExp(`${lesson}/quiz/[0-9a-f-]{36}$`));
	const attemptUrl = page.url();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('River check: Attempt 1');
	await expect(page.getByRole('timer')).toContainText('Time left:');
	await expectNoSecrets(page);
	await expectNoA11yViolations(page);

	// Save, leave, come back: the answers are there, the attempt is resumed, not restarted.
	await answerFirstSix(page);
	await page.getByRole('button', { name: 'Save answers' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Your answers were saved' })).toBeVisible();
	await visit(page, lesson);
	await expect(page.getByText('Your attempt 1 is in progress.')).toBeVisible();
	await page.getByRole('link', { name: 'Continue attempt 1' }).click();
	await expect(page).toHaveURL(attemptUrl);
	await expect(question(page, 1).getByLabel('The river basin')).toBeChecked();
	await expect(question(page, 4).getByLabel('Your answer')).toHaveValue('  amu   DARYA ');
	await expectNoSecrets(page);

	// Submitting with a question unanswered asks first.
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByRole('alert')).toContainText('1 of 7 questions are not answered');
	await expectNoA11yViolations(page);
	await page.getByRole('checkbox', { name: 'Submit with unanswered questions' }).check();
	await page.getByRole('button', { name: 'Submit' }).click();

	await expect(page).toHaveURL(`${attemptUrl}?notice=submitted`);
	await expect(page.getByRole('status')).toHaveText('Your attempt is submitted.');
	await expect(page.getByRole('heading', { name: 'Result' })).toBeVisible();
	await expect(page.getByText('6 of 7 points')).toBeVisible();
	await expect(page.getByText('85.71%')).toBeVisible();
	const first = page.getByRole('article', { name: /^Question 1/ });
	await expect(first).toContainText('Correct');
	await expect(first).toContainText('Basins are planned as one.');
	await expect(first).toContainText('Well done, the basin it is.');
	await expect(page.getByRole('article', { name: /^Question 7/ })).toContainText('Not answered');
	await expect(page.getByRole('article', { name: /^Question 7/ })).toContainText('Plans start from what there is.');
	await expectNoA11yViolations(page);

	// The lesson lists the attempt.
	await page.getByRole('link', { name: 'Back to the quiz' }).click();
	const attempts = page.getByRole('table', { name: 'Your attempts' });
	await expect(attempts.getByRole('link', { name: 'Attempt 1' })).toBeVisible();
	await expect(attempts).toContainText('Passed');
	await expect(page.getByRole('button', { name: 'Start attempt 2' })).toBeVisible();
	await expectNoA11yViolations(page);
});

test('with JavaScript, answers save themselves: after a reload they are still there', async ({ page, browser }) => {
	const lesson = await courseWithQuiz(browser);
	await signUp(page);
	await visit(page, lesson);
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(new RegExp(`${lesson}/quiz/[0-9a-f-]{36}$`));
	await expect(page.getByText('Your answers save themselves as you answer.')).toBeVisible();
	await expect(page.getByText('Not saved yet.')).toBeVisible();

	// No button pressed: the change is posted on its own, and the polite status says so.
	await question(page, 1).getByLabel('The river basin').check();
	await expect(page.getByRole('status').filter({ hasText: /^Saved at / })).toBeVisible();
	await expect(page.getByText(/^Last saved: /)).toBeVisible();
	await expectNoA11yViolations(page);

	await page.reload();
	await expect(question(page, 1).getByLabel('The river basin')).toBeChecked();
	await expect(page.getByText(/^Last saved: /)).toBeVisible();
});

test('a learner takes a quiz with JavaScript off and sees the feedback', async ({ browser }) => {
	const lesson = await courseWithQuiz(browser);
	const page = await newPage(browser, false);
	await signUp(page);
	await visit(page, lesson);
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(new RegExp(`${lesson}/quiz/[0-9a-f-]{36}$`));
	await expect(page.getByRole('timer')).toHaveText(/Time left: (30|29) min/);
	await expectNoSecrets(page);
	await expectNoA11yViolations(page);

	await answerFirstSix(page);
	await page.getByRole('button', { name: 'Save answers' }).click();
	await expect(page.getByText('Your answers were saved')).toBeVisible();
	await expect(question(page, 2).getByLabel('Women play a central part')).toBeChecked();
	await answerOrdering(page);
	await page.getByRole('button', { name: 'Submit' }).click();

	await expect(page).toHaveURL(/\?notice=submitted$/);
	await expect(page.getByText('7 of 7 points')).toBeVisible();
	await expect(page.getByText('100%')).toBeVisible();
	await expect(page.getByRole('article', { name: /^Question 5/ })).toContainText('87.25 (± 2)');
	await expect(page.getByRole('article', { name: /^Question 1/ })).toContainText('Basins are planned as one.');
	await expectNoA11yViolations(page);
	await page.context().close();
});
