import {
	test,
	expect,
	visit,
	expectNoA11yViolations,
	fillSignUp,
	header,
	newUser,
	signUp,
	DEMO,
	detail
} from './fixtures';
import type { Page } from '@playwright/test';

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const submit = (page: Page) => page.getByRole('button', { name: 'Create account', exact: true }).click();

/** The field is marked invalid and its error is read out with it (aria-describedby). */
async function expectFieldError(page: Page, label: string, message: string) {
	await expect(field(page, label)).toHaveAttribute('aria-invalid', 'true');
	await expect(field(page, label)).toHaveAccessibleDescription(new RegExp(escape(message)));
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('the sign-up form lists Central Asia first and offers both languages', async ({ page }) => {
	await visit(page, '/signup');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your account');
	const country = field(page, 'Country');
	const firstGroup = country.locator('optgroup').first();
	await expect(firstGroup).toHaveAttribute('label', 'Central Asia');
	await expect(firstGroup.locator('option')).toHaveText([
		'Kazakhstan',
		'Kyrgyzstan',
		'Tajikistan',
		'Turkmenistan',
		'Uzbekistan',
		'Afghanistan'
	]);
	await expect(field(page, 'Organisation (optional)')).toBeVisible();
	await expect(field(page, 'Preferred language').locator('option')).toHaveText(['English', 'Русский']);
	await expect(field(page, 'Preferred language')).toHaveValue('en');
});

test('signing up lands on the profile with a welcome, signed in', async ({ page }) => {
	const user = newUser('signup', { country: 'Tajikistan' });
	await visit(page, '/signup');
	await fillSignUp(page, user);
	await field(page, 'Organisation (optional)').selectOption({ label: 'Green Osh' });
	await submit(page);

	await expect(page).toHaveURL(/\/profile\?welcome=1$/);
	await expect(page.getByRole('status')).toHaveText(`Welcome to Bilim, ${user.name}! Your account is ready.`);
	await expect(header(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
	await expect(detail(page, 'Email')).toHaveText(user.email);
	await expect(detail(page, 'Role')).toHaveText('Learner');
	await expect(field(page, 'Full name')).toHaveValue(user.name);
	await expect(field(page, 'Country')).toHaveValue('TJ');
	await expect(field(page, 'Organisation (optional)').locator('option:checked')).toHaveText('Green Osh');
	await expectNoA11yViolations(page);

	// A signed-in person sent to sign-up again goes to their profile.
	await visit(page, '/signup');
	await expect(page).toHaveURL(/\/profile$/);
});

test('an empty sign-up form shows an error beside each required field', async ({ page }) => {
	await visit(page, '/signup');
	await submit(page);
	await expectFieldError(page, 'Full name', 'Fill in this field.');
	await expectFieldError(page, 'Email', 'Fill in this field.');
	await expectFieldError(page, 'Password', 'Fill in this field.');
	await expectFieldError(page, 'Country', 'Choose a country from the list.');
	await expect(page).toHaveURL(/\/signup$/);
	await expectNoA11yViolations(page);
});

test('a short password and a malformed email are refused, the other values kept', async ({ page }) => {
	await visit(page, '/signup');
	await fillSignUp(page, { name: 'Aida Short', email: 'not-an-email', password: 'short', country: 'Uzbekistan' });
	await submit(page);

	await expectFieldError(page, 'Email', 'Enter an email address like name@example.org.');
	await expectFieldError(page, 'Password', 'Use at least 10 characters.');
	await expect(field(page, 'Full name')).not.toHaveAttribute('aria-invalid', 'true');
	await expect(field(page, 'Full name')).toHaveValue('Aida Short');
	await expect(field(page, 'Email')).toHaveValue('not-an-email');
	await expect(field(page, 'Country')).toHaveValue('UZ');
	await expectNoA11yViolations(page);
});

test('signing up with an email that already has an account says so', async ({ page }) => {
	const user = newUser('duplicate', { email: DEMO.learner.toUpperCase(), country: 'Turkmenistan' });
	await visit(page, '/signup');
	await fillSignUp(page, user);
	await submit(page);

	await expectFieldError(page, 'Email', 'An account with this email already exists');
	await expect(field(page, 'Full name')).toHaveValue(user.name);
	await expect(field(page, 'Email')).toHaveValue(DEMO.learner);
	await expect(field(page, 'Country')).toHaveValue('TM');
	await expect(header(page).getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
	await expectNoA11yViolations(page);
});

test('a second account with the same email in other letter case is refused', async ({ browser }) => {
	const first = await browser.newContext();
	const user = await signUp(await first.newPage(), newUser('case'));
	await first.close();

	const second = await browser.newContext();
	const page = await second.newPage();
	await visit(page, '/signup');
	await fillSignUp(page, { ...newUser('case2'), email: user.email.toUpperCase() });
	await submit(page);
	await expectFieldError(page, 'Email', 'An account with this email already exists');
	await expectNoA11yViolations(page);
	await second.close();
});

for (const javaScriptEnabled of [false, true]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('after a failed sign-up the password field is empty, the other values kept', async ({ page }) => {
			await visit(page, '/signup');
			await fillSignUp(page, { name: 'Aida Kept', email: DEMO.learner2, password: 'a long enough password', country: 'Kazakhstan' });
			await submit(page);
			await expectFieldError(page, 'Email', 'An account with this email already exists');
			await expect(field(page, 'Full name')).toHaveValue('Aida Kept');
			await expect(field(page, 'Email')).toHaveValue(DEMO.learner2);
			await expect(field(page, 'Country')).toHaveValue('KZ');
			await expectNoA11yViolations(page);
			await expect(field(page, 'Password')).toHaveValue('', { timeout: 2000 });
		});
	});
}

test.describe('JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('signing up works without JavaScript', async ({ page }) => {
		const user = newUser('nojs-signup');
		await visit(page, '/signup');
		await fillSignUp(page, user);
		await submit(page);
		await expect(page).toHaveURL(/\/profile\?welcome=1$/);
		await expect(page.getByRole('status')).toContainText(`Welcome to Bilim, ${user.name}!`);
		await expect(detail(page, 'Email')).toHaveText(user.email);
		await expectNoA11yViolations(page);
	});

	test('the sign-up errors show beside the fields without JavaScript', async ({ page }) => {
		await visit(page, '/signup');
		await fillSignUp(page, { name: 'No Script', email: 'nope@', password: 'short' });
		await submit(page);
		await expectFieldError(page, 'Email', 'Enter an email address like name@example.org.');
		await expectFieldError(page, 'Password', 'Use at least 10 characters.');
		await expectFieldError(page, 'Country', 'Choose a country from the list.');
		await expect(field(page, 'Full name')).toHaveValue('No Script');
		await expectNoA11yViolations(page);
	});
});
