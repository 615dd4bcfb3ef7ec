// `npm run test:e2e`: runs the browser tests in a Chromium that is already on this machine.
// Playwright's own browser download is never used (it needs network access and a matching
// build); without a usable Chromium the browser tests are skipped loudly, exiting 0, so the
// rest of `npm test` still counts.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** @param {string} path */
function isExecutable(path) {
	try {
		if (!statSync(path).isFile()) return false;
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/**
 * An explicit CHROMIUM_PATH is the only candidate: a typo there should not be papered over.
 * @param {NodeJS.ProcessEnv} env
 */
function findChromium(env) {
	const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : DEFAULT_PATHS;
	return { path: candidates.find(isExecutable), candidates, explicit: Boolean(env.CHROMIUM_PATH) };
}

/** @param {{ candidates: string[], explicit: boolean }} found */
function skipBanner({ candidates, explicit }) {
	const bar = '!'.repeat(78);
	const looked = candidates.map((p) => `      ${p}`);
	return [
		'',
		bar,
		'!!',
		'!!  BROWSER TESTS SKIPPED: no Chromium found.',
		'!!',
		'!!  The end-to-end tests (tests/e2e) did NOT run, so the sign-up, sign-in,',
		'!!  admin and accessibility checks in a real browser are unverified.',
		'!!',
		explicit ? '!!  Looked for CHROMIUM_PATH, which is set to:' : '!!  Looked for an executable at:',
		...looked.map((l) => `!!${l}`),
		explicit ? '!!  and it is missing or not executable.' : '!!  and found none.',
		'!!',
		'!!  To run them:',
		'!!    - on Debian/Ubuntu:  sudo apt-get install chromium',
		'!!    - or point CHROMIUM_PATH at a Chromium or Chrome binary:',
		'!!        CHROMIUM_PATH=/path/to/chrome npm run test:e2e',
		'!!  (Do not use `npx playwright install`: the tests use the system browser.)',
		'!!',
		bar,
		''
	].join('\n');
}

const found = findChromium(process.env);
if (!found.path) {
	process.stderr.write(skipBanner(found));
	process.exit(0);
}

const child = spawn('npx', ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts', ...process.argv.slice(2)], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, CHROMIUM_PATH: found.path }
});
// Ctrl-C already reaches Playwright through the terminal's process group (a second SIGINT
// would make it skip stopping the app server); just wait for it. SIGTERM is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (e) => {
	console.error(`Could not start Playwright: ${e.message}`);
	process.exit(1);
});
