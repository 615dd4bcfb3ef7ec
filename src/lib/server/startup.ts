import type { Database } from './db/connect';
import { dbConfig, dbKind } from './db';
import { migrateToLatest } from './db/migrate';
import { isEmpty, seedDemo } from './demo/seed';
import { seedDemoCohorts } from './demo/cohorts';
import { deliverDue } from './mail/outbox';
import { sendDueNotices } from './cohorts/notices';
import { smtpTransport } from './mail/transport';
import { log } from './log';
import { importCoursesAtStartup } from './courses/packages';

/**
 * Runs once per app process before it serves: migrate, create the demo on a new embedded
 * database (or on PostgreSQL with DEMO=1), start the mail worker when SMTP is configured.
 */
export async function startup(db: Database, env: Record<string, string | undefined> = process.env) {
	const migrated = await migrateToLatest(db);
	const applied = migrated.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
	log.info('database ready', {
		database: dbKind,
		dataDir: dbKind === 'pglite' ? dbConfig.dataDir : undefined,
		migrationsApplied: applied
	});

	const wantDemo = env.DEMO === '1' || process.argv.includes('--demo') || dbKind === 'pglite';
	let demoCreated = false;
	if (wantDemo && env.DEMO !== '0') {
		const seeded = await db.transaction().execute(async (trx) => {
			if (!(await isEmpty(trx))) return undefined;
			return seedDemo(trx, env.DEMO_PASSWORD || undefined);
		});
		if (seeded) printDemoAccounts(seeded.accounts, seeded.password, Boolean(env.DEMO_PASSWORD));
		demoCreated = Boolean(seeded);
	}

	// Course folders in ./courses (COURSES_DIR) that are new or changed since their last import.
	const coursesDir = env.COURSES_DIR ?? './courses';
	if (coursesDir) {
		for (const outcome of await importCoursesAtStartup(db, coursesDir)) {
			if (outcome.status === 'imported') {
				log.info('course imported', { slug: outcome.slug, created: outcome.result.created, lessons: outcome.result.lessons });
			} else if (outcome.status === 'failed') {
				log.error('course not imported: fix these problems, then restart', { slug: outcome.slug, problems: outcome.problems });
			}
		}
	}

	// The demo cohorts need the sample courses, so they come after the import, and only with
	// a demo created in this start: a restart (or a database with real data) never seeds again.
	if (demoCreated) await seedDemoCohortsAtStartup(db);

	const timers = [startNoticeWorker(db, env.ORIGIN ?? '')];

	if (env.SMTP_URL) {
		const transport = smtpTransport(env.SMTP_URL, env.MAIL_FROM || 'Bilim <no-reply@localhost>');
		const tick = async () => {
			try {
				const { sent, failed } = await deliverDue(db, transport);
				if (sent || failed) log.info('mail delivered', { sent, failed });
			} catch (e) {
				log.error('mail worker failed', { error: e instanceof Error ? e.message : String(e) });
			}
		};
		timers.push(setInterval(tick, 10_000).unref());
		void tick();
	}
	/** Stops the workers (tests; a server process simply exits). */
	return { stop: () => timers.forEach((t) => clearInterval(t)) };
}

async function seedDemoCohortsAtStartup(db: Database) {
	try {
		const outcome = await db.transaction().execute((trx) => seedDemoCohorts(trx, new Date()));
		if (outcome.status === 'seeded') {
			log.info('demo cohorts created', {
				cohorts: outcome.cohorts,
				applicants: outcome.applicants,
				reviews: outcome.reviews,
				pilotLearners: outcome.pilotLearners,
				quizAttempts: outcome.attempts,
				submissions: outcome.submissions
			});
		} else {
			log.warn('demo cohorts not created', { reason: outcome.reason });
		}
	} catch (e) {
		// The demo's accounts and courses are usable without its cohorts: report, keep serving.
		log.error('demo cohorts not created', { error: e instanceof Error ? e.message : String(e) });
	}
}

/**
 * Every minute, in every instance, with or without SMTP (mail waits in the outbox): the
 * cohort notices that time triggers (a module opened, a session tomorrow). notice_sent makes
 * each go once, whichever instance gets there first. A failure is logged, never fatal.
 */
function startNoticeWorker(db: Database, origin: string) {
	const tick = async () => {
		try {
			const sent = await sendDueNotices(db, new Date(), origin);
			if (sent.moduleOpened || sent.sessionReminders) log.info('cohort notices queued', { ...sent });
		} catch (e) {
			log.error('cohort notice worker failed', { error: e instanceof Error ? e.message : String(e) });
		}
	};
	const timer = setInterval(tick, 60_000).unref();
	void tick();
	return timer;
}

function printDemoAccounts(accounts: { email: string; role: string }[], password: string, fromEnv: boolean) {
	// Printed once, when the demo is created: the only time this password is shown.
	const lines = [
		'',
		'  Bilim demo accounts (shown once; keep them):',
		...accounts.map((a) => `    ${a.role.padEnd(12)} ${a.email}`),
		fromEnv ? '    password:    (the one in DEMO_PASSWORD)' : `    password:    ${password}`,
		''
	];
	console.log(lines.join('\n'));
}
