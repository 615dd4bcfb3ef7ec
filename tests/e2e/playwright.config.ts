import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, DEMO_PASSWORD, PORT } from './settings';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const DATA_PREFIX = 'bilim-e2e-';

/**
 * The embedded database lives in a fresh folder for each run. Playwright evaluates this file
 * in the runner and again in every worker; the folder is made once, in the runner, and
 * handed to the workers through the environment (they inherit it).
 */
function dataDir(): string {
	const existing = process.env.BILIM_E2E_DATA_DIR;
	if (existing) return existing;
	removeStaleDataDirs();
	const dir = mkdtempSync(join(tmpdir(), DATA_PREFIX));
	process.env.BILIM_E2E_DATA_DIR = dir;
	process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** Folders left behind by runs that were killed; an hour old means no run still uses them. */
function removeStaleDataDirs() {
	const hourAgo = Date.now() - 60 * 60 * 1000;
	for (const name of readdirSync(tmpdir())) {
		if (!name.startsWith(DATA_PREFIX)) continue;
		const path = join(tmpdir(), name);
		try {
			if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
		} catch {
			// Another run removed it first.
		}
	}
}

const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
	testDir: here,
	testMatch: '**/*.test.ts',
	outputDir: join(here, '.output'),
	// One app, one database: tests run one at a time, each with its own users.
	workers: 1,
	fullyParallel: false,
	retries: 0,
	forbidOnly: Boolean(process.env.CI),
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: BASE_URL,
		locale: 'en-GB',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
					args: [
						'--headless',
						'--no-sandbox',
						'--disable-gpu',
						'--disable-quic',
						'--no-first-run',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync'
					]
				}
			}
		}
	],
	webServer: {
		command: 'npx vite build && node src/start.js',
		cwd: root,
		url: `${BASE_URL}/healthz`,
		timeout: 180_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN: BASE_URL,
			DEMO_PASSWORD,
			// Each test sends its own X-Forwarded-For address (see fixtures.ts), so the per-IP
			// limits on sign-in, sign-up and reset count per test, not across the whole run.
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			...(postgres
				? { DATABASE_URL: postgres, DEMO: '1', DATA_DIR: '' }
				: { DATABASE_URL: '', DATA_DIR: dataDir() })
		}
	}
});
