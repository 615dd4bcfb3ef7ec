import type { Page } from '@playwright/test';
import {
	test,
	expect,
	visit,
	expectNoA11yViolations,
	newUser,
	signIn,
	signOut,
	signUp,
	submitSignIn,
	DEMO,
	DEMO_PASSWORD
} from './fixtures';

async function requestReset(page: Page, email: string) {
	await visit(page, '/forgot-password');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
	await page.getByLabel('Email', { exact: true }).fill(email);
	await page.getByRole('button', { name: 'Send the link', exact: true }).click();
	await expect(page.getByRole('status')).toHaveText(
		`If an account exists for ${email}, a reset link is on its way. Check your inbox.`
	);
	await expectNoA11yViolations(page);
}

/** An administrator opens the outbox and reads the reset link written to `email`. */
async function readResetLinkAsAdmin(page: Page, email: string): Promise<string> {
	await signIn(page, DEMO.admin, DEMO_PASSWORD);
	await visit(page, '/admin/mail');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mail outbox');
	const row = page.getByRole('row').filter({ hasText: email });
	await expect(row).toHaveCount(1);
	await row.getByRole('link', { name: 'Reset your Bilim password', exact: true }).click();
	await expect(page).toHaveURL(/\/admin\/mail\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your Bilim password');
	await expectNoA11yViolations(page);

	const body = await page.locator('pre').innerText();
	expect(body).toContain('Open this link within one hour to choose a new password');
	const link = body.match(/https?:\/\/\S+\/reset-password\/\S+/)?.[0];
	expect(link, `a reset link in the message:\n${body}`).toBeTruthy();
	await signOut(page);
	return new URL(link!).pathname;
}

test('a forgotten password is reset with the link from the mail outbox, once', async ({ page }) => {
	const user = await signUp(page, newUser('reset'));
	await signOut(page);
	await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
	await page.getByRole('link', { name: 'Forgot your password?' }).click();
	await expect(page).toHaveURL(/\/forgot-password$/);
	await requestReset(page, user.email);

	const resetPath = await readResetLinkAsAdmin(page, user.email);

	await visit(page, resetPath);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
	const newPassword = 'a brand new passphrase';

	// Two different passwords are refused beside the second field.
	await page.getByLabel('New password', { exact: true }).fill(newPassword);
	await page.getByLabel('Repeat the new password', { exact: true }).fill('something else entirely');
	await page.getByRole('button', { name: 'Save the new password' }).click();
	await expect(page.getByLabel('Repeat the new password', { exact: true })).toHaveAccessibleDescription(
		'The two passwords differ. Type the same password twice.'
	);
	await expectNoA11yViolations(page);

	await page.getByLabel('New password', { exact: true }).fill(newPassword);
	await page.getByLabel('Repeat the new password', { exact: true }).fill(newPassword);
	await page.getByRole('button', { name: 'Save the new password' }).click();
	await expect(page).toHaveURL(/\/signin\?reset=1$/);
	await expect(page.getByRole('status')).toHaveText('Your password has been changed. Sign in with the new one.');
	await expectNoA11yViolations(page);

	await submitSignIn(page, user.email, user.password);
	await expect(page.getByRole('alert')).toContainText('The email or the password is wrong');
	await signIn(page, user.email, newPassword);
	await signOut(page);

	// The link works once.
	await visit(page, resetPath);
	await expect(page.getByRole('alert')).toContainText('This reset link has expired or has already been used');
	await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Request a new link' })).toHaveAttribute('href', '/forgot-password');
});

test('a made-up reset link is refused', async ({ page }) => {
	await visit(page, '/reset-password/abcdefghijklmnopqrstuvwxyz234567');
	await expect(page.getByRole('alert')).toContainText('This reset link has expired or has already been used');
});

test('asking to reset an unknown address gives the same answer and writes no mail', async ({ page }) => {
	const email = newUser('nobody').email;
	await requestReset(page, email);
	await signIn(page, DEMO.admin, DEMO_PASSWORD);
	await visit(page, '/admin/mail');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mail outbox');
	await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0);
});
