import type { Browser, Page } from '@playwright/test';
import { randomInt, randomUUID } from 'node:crypto';
import { test, expect, visit, expectNoA11yViolations, newUser, signIn, signUp, DEMO, DEMO_PASSWORD } from './fixtures';

/**
 * The alumni directory as the issue tells it: an alumna completes her profile (her Telegram for
 * connections only); another alumnus, in a network with her, finds her by thematic area and
 * country, with JavaScript off, and asks to connect; she accepts; now he sees her Telegram; a
 * visitor sees neither her profile nor her Telegram. Both join the demo's "Regional CSO climate
 * network" by request, approved by the demo facilitator, who moderates it.
 */

const NETWORK = '/networks/cso-climate';

async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	return context.newPage();
}

async function askToJoin(page: Page) {
	await visit(page, NETWORK);
	await page.getByLabel('Message to the moderators (optional)').fill('CALP 2025 alumna, working on climate adaptation.');
	await page.getByRole('button', { name: 'Ask to join' }).click();
	await expect(page.getByText('Your request has been sent to the moderators.')).toBeVisible();
}

test('an alumna completes her profile; an alumnus finds her by area and country, connects, and only then sees her Telegram', async ({ page, browser }) => {
	test.setTimeout(180_000);
	const tag = randomUUID().slice(0, 6);
	const telegram = `@zarina_${tag}`;
	const alumna = await signUp(page, newUser('alumna', { name: `Зарина Ҳоҷиева ${tag}`, country: 'Tajikistan' }));
	const other = await newPage(browser, false);
	const alumnus = await signUp(other, newUser('alumnus', { name: `Bakhtiyor Yusupov ${tag}`, country: 'Uzbekistan' }));
	await askToJoin(page);
	await askToJoin(other);

	const moderator = await newPage(browser);
	await signIn(moderator, DEMO.facilitator, DEMO_PASSWORD);
	await visit(moderator, `${NETWORK}/manage`);
	await moderator.getByRole('button', { name: `Approve ${alumna.name}` }).click();
	await expect(moderator.getByText('The request has been approved.')).toBeVisible();
	await moderator.getByRole('button', { name: `Approve ${alumnus.name}` }).click();
	await expect(moderator.getByText('The request has been approved.')).toBeVisible();
	await moderator.context().close();

	// She completes her profile: headline, city, expertise, her Telegram for connections only.
	await visit(page, '/directory/me');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My directory profile');
	await page.getByLabel('Headline').fill('Climate adaptation officer, Khujand');
	await page.getByLabel('City', { exact: true }).fill('Khujand');
	await page.getByRole('checkbox', { name: 'Climate change', exact: true }).check();
	await page.getByLabel('Telegram', { exact: true }).fill(telegram);
	await page.getByLabel('Who can see your Telegram').selectOption({ label: 'My connections' });
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByText('Your profile is saved.')).toBeVisible();
	await expectNoA11yViolations(page);
	const profileUrl = new URL((await page.getByRole('link', { name: 'Open my profile page' }).getAttribute('href'))!, page.url()).pathname;

	// He finds her, without JavaScript, by thematic area and country.
	await visit(other, '/directory');
	await other.getByRole('group', { name: 'Thematic expertise' }).getByRole('checkbox', { name: /^Climate change/ }).check();
	await other.getByRole('group', { name: 'Country' }).getByRole('checkbox', { name: /^Tajikistan/ }).check();
	await other.getByRole('button', { name: 'Apply filters' }).click();
	await expect(other).toHaveURL(/area=climate-change/);
	await expectNoA11yViolations(other);
	await other.getByRole('link', { name: new RegExp(alumna.name) }).first().click();
	await expect(other).toHaveURL(profileUrl);
	await expect(other.getByRole('heading', { level: 1 })).toHaveText(alumna.name);
	await expect(other.getByText('Climate adaptation officer, Khujand')).toBeVisible();
	expect(await other.content(), 'her Telegram is in the page source before they connect').not.toContain(telegram.slice(1));
	const json = await other.request.get(`/api/directory/people/${profileUrl.split('/').pop()}`);
	expect(await json.text()).not.toContain(telegram.slice(1));

	await other.getByLabel('Message (optional)').fill('We met at the Almaty workshop; I work on water governance in Samarkand.');
	await other.getByRole('button', { name: 'Ask to connect' }).click();
	// Without JavaScript the form posts to the Connections page, which says what happened and lists the request.
	await expect(other).toHaveURL('/directory/connections?notice=requested');
	await expect(other.getByText('Your request has been sent. You will get an email when it is accepted.')).toBeVisible();
	await expect(other.getByRole('button', { name: `Withdraw the request to ${alumna.name}` })).toBeVisible();

	// She accepts.
	await visit(page, '/directory/connections');
	await expect(page.getByText('We met at the Almaty workshop')).toBeVisible();
	await page.getByRole('button', { name: `Accept the request from ${alumnus.name}` }).click();
	await expect(page.getByText('You are now connected.')).toBeVisible();
	await expectNoA11yViolations(page);

	// Now he sees her Telegram.
	await visit(other, profileUrl);
	await expect(other.getByText(telegram)).toBeVisible();
	await other.context().close();

	// A visitor sees neither the profile nor the Telegram, by address or by search.
	const visitor = await newPage(browser, false);
	const response = await visitor.goto(profileUrl);
	expect(response?.status()).toBe(404);
	expect(await visitor.content()).not.toContain(telegram.slice(1));
	await visit(visitor, `/directory?q=${encodeURIComponent(tag)}`);
	await expect(visitor.getByText('No profiles match your search.')).toBeVisible();
	expect((await visitor.request.get(`/api/directory/people/${profileUrl.split('/').pop()}`)).status()).toBe(404);
	await visitor.context().close();
});
