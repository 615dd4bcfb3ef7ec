import {
	test,
	expect,
	visit,
	expectNoA11yViolations,
	expectSignedOut,
	header,
	newUser,
	signIn,
	signOut,
	signUp,
	submitSignIn,
	DEMO,
	DEMO_PASSWORD
} from './fixtures';

test('signing out ends the session; signing in again works', async ({ page }) => {
	const user = await signUp(page, newUser('signout'));
	await signOut(page);
	await expect(page).toHaveURL('/');

	// The old session is gone: the profile asks to sign in.
	await visit(page, '/profile');
	await expect(page).toHaveURL(/\/signin\?next=%2Fprofile$/);
	await expectSignedOut(page);

	await signIn(page, user.email, user.password);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your profile');
});

test('signing in from a protected page comes back to it', async ({ page }) => {
	const user = await signUp(page, newUser('next'));
	await signOut(page);
	await visit(page, '/profile');
	await expect(page).toHaveURL(/\/signin\?next=%2Fprofile$/);
	await page.getByLabel('Email', { exact: true }).fill(user.email);
	await page.getByLabel('Password', { exact: true }).fill(user.password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).toHaveURL(/\/profile$/);
	await expect(header(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
});

test('a wrong password says so, keeps the email and signs nobody in', async ({ page }) => {
	const user = await signUp(page, newUser('wrongpw'));
	await signOut(page);

	await submitSignIn(page, user.email, 'not the right password');
	await expect(page.getByRole('alert')).toContainText('The email or the password is wrong');
	await expect(page.getByLabel('Email', { exact: true })).toHaveValue(user.email);
	await expectSignedOut(page);
	await expectNoA11yViolations(page);

	// An unknown address gets the very same answer.
	await submitSignIn(page, 'nobody-here@example.org', 'not the right password');
	await expect(page.getByRole('alert')).toContainText('The email or the password is wrong');
});

test('an empty sign-in form asks for both fields', async ({ page }) => {
	await visit(page, '/signin');
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page.getByLabel('Email', { exact: true })).toHaveAccessibleDescription('Fill in this field.');
	await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription('Fill in this field.');
	await expectNoA11yViolations(page);
});

test('after 5 failed sign-ins the account is locked for 15 minutes, even with the right password', async ({ page }) => {
	const user = await signUp(page, newUser('throttle'));
	await signOut(page);

	for (let attempt = 1; attempt <= 5; attempt++) {
		await submitSignIn(page, user.email, `wrong password ${attempt}`);
		await expect(page.getByRole('alert')).toContainText('The email or the password is wrong');
	}
	await submitSignIn(page, user.email, user.password);
	await expect(page.getByRole('alert')).toHaveText('Too many attempts. Try again in 15 minutes.');
	await expectSignedOut(page);
	await expectNoA11yViolations(page);
});

for (const javaScriptEnabled of [false, true]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('after a failed sign-in the password field is empty', async ({ page }) => {
			await submitSignIn(page, 'nobody-at-all@example.org', 'not the right password');
			await expect(page.getByRole('alert')).toContainText('The email or the password is wrong');
			await expect(page.getByLabel('Email', { exact: true })).toHaveValue('nobody-at-all@example.org');
			await expect(page.getByLabel('Password', { exact: true })).toHaveValue('', { timeout: 2000 });
		});
	});
}

test.describe('with JavaScript turned off', () => {
	test.use({ javaScriptEnabled: false });

	test('signing in works and shows the profile', async ({ page }) => {
		// Its own account, signed up (without JavaScript too) and out again.
		const user = await signUp(page, newUser('nojs-signin'));
		await signOut(page);
		await submitSignIn(page, user.email, 'a wrong password');
		await expect(page.getByRole('alert')).toContainText('The email or the password is wrong');
		await expectNoA11yViolations(page);

		await signIn(page, user.email, user.password);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your profile');
	});

	test('a demo account signs in', async ({ page }) => {
		await signIn(page, DEMO.learner, DEMO_PASSWORD);
		await expect(page.getByText('learner@example.org', { exact: true })).toBeVisible();
	});
});
