import { test as base, expect, type Page, type Response } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { randomInt, randomUUID } from 'node:crypto';
import { BASE_URL, DEMO, DEMO_PASSWORD } from './settings';

export { expect, DEMO, DEMO_PASSWORD, BASE_URL as BASE };

/**
 * Every test reaches the app from its own made-up client address (the app trusts
 * X-Forwarded-For in the e2e run, see playwright.config.ts). The per-IP limits on sign-in,
 * sign-up and password reset then never carry over from one test to the next, so tests
 * pass in any order and when repeated. Contexts a test opens with browser.newContext()
 * get the same header.
 */
export const test = base.extend({
	extraHTTPHeaders: async ({}, use) => {
		await use({ 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });
	}
});

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Fails with a readable list (rule, impact, elements) when axe finds WCAG 2.1 A/AA problems. */
export async function expectNoA11yViolations(page: Page) {
	const scripting = await page.evaluate(() => matchMedia('(scripting: enabled)').matches);
	const violations = scripting ? await axeViolations(page) : await scriptlessViolations(page);
	const found = violations.map((v) => ({
		rule: v.id,
		impact: v.impact,
		help: v.help,
		elements: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)
	}));
	expect(found, `accessibility problems on ${page.url()}`).toEqual([]);
}

async function axeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	return results.violations;
}

/**
 * axe cannot run where JavaScript is off (its timers never fire), so the page as the reader
 * sees it, its HTML without the app's scripts, is checked in a page that allows axe's own.
 */
async function scriptlessViolations(page: Page) {
	const html = (await page.content())
		.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
		.replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, '');
	const url = page.url();
	const browser = page.context().browser();
	if (!browser) throw new Error('no browser to check the page in');
	const context = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
	try {
		const copy = await context.newPage();
		await copy.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
		await copy.goto(url);
		return await axeViolations(copy);
	} finally {
		await context.close();
	}
}

/** Goes to a page as a person would (by address) and checks it for accessibility. */
export async function visit(page: Page, path: string): Promise<Response | null> {
	const response = await page.goto(path);
	await expectNoA11yViolations(page);
	return response;
}

/** A new address for each call, so tests never collide on the unique email rule. */
export function uniqueEmail(label = 'user'): string {
	return `e2e-${label}-${randomUUID().slice(0, 8)}@example.org`;
}

export interface NewUser {
	name: string;
	email: string;
	password: string;
	/** The country's English name as the select shows it. */
	country: string;
}

export function newUser(label = 'user', overrides: Partial<NewUser> = {}): NewUser {
	return {
		name: `Test ${label} ${randomUUID().slice(0, 4)}`,
		email: uniqueEmail(label),
		password: `correct horse ${randomUUID().slice(0, 6)}`,
		country: 'Kyrgyzstan',
		...overrides
	};
}

/** Fills in the sign-up form (without submitting). */
export async function fillSignUp(page: Page, user: Partial<NewUser>) {
	if (user.name !== undefined) await page.getByLabel('Full name', { exact: true }).fill(user.name);
	if (user.email !== undefined) await page.getByLabel('Email', { exact: true }).fill(user.email);
	if (user.password !== undefined) await page.getByLabel('Password', { exact: true }).fill(user.password);
	if (user.country !== undefined) {
		await page.getByLabel('Country', { exact: true }).selectOption({ label: user.country });
	}
}

/** Signs up through the form and expects to land, signed in, on the profile's welcome. */
export async function signUp(page: Page, user: NewUser = newUser()): Promise<NewUser> {
	await visit(page, '/signup');
	await fillSignUp(page, user);
	await page.getByRole('button', { name: 'Create account', exact: true }).click();
	await expect(page).toHaveURL(/\/profile\?welcome/);
	await expect(page.getByRole('status')).toContainText(`Welcome to Bilim, ${user.name}!`);
	await expectNoA11yViolations(page);
	return user;
}

/** Fills in and sends the sign-in form; the caller checks the outcome. */
export async function submitSignIn(page: Page, email: string, password: string) {
	await visit(page, '/signin');
	await page.getByLabel('Email', { exact: true }).fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in and expects the profile page with the header's "Sign out" button. */
export async function signIn(page: Page, email: string, password: string) {
	await submitSignIn(page, email, password);
	await expect(page).toHaveURL(/\/profile$/);
	await expect(header(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
	await expectNoA11yViolations(page);
}

/** Signs out with the header's button and expects the signed-out header. */
export async function signOut(page: Page) {
	await header(page).getByRole('button', { name: 'Sign out', exact: true }).click();
	await expectSignedOut(page);
	await expectNoA11yViolations(page);
}

export async function expectSignedOut(page: Page) {
	await expect(header(page).getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
	await expect(header(page).getByRole('button', { name: 'Sign out', exact: true })).toHaveCount(0);
}

export function header(page: Page) {
	return page.getByRole('banner');
}

/** The value shown for a term in a description list (the profile's "Role", "Email"). */
export function detail(page: Page, term: string) {
	return page.locator(`xpath=//dt[normalize-space()="${term}"]/following-sibling::dd[1]`);
}
