/** Shared by the Playwright config (which starts the app) and the tests (which sign in). */
export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE_URL = `http://localhost:${PORT}`;
/** The demo accounts' password: the app seeds them with it on its fresh database. */
export const DEMO_PASSWORD = 'e2e-demo-password';

export const DEMO = {
	admin: 'admin@example.org',
	author: 'author@example.org',
	facilitator: 'facilitator@example.org',
	learner: 'learner@example.org',
	learner2: 'learner2@example.org'
} as const;
