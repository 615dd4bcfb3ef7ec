// `npm run bench`: builds the app and a minimal SvelteKit app, seeds a database, then
// measures with autocannon, one target at a time:
//   1. a bare Node http server answering a fixed page   (the machine's ceiling)
//   2. a minimal SvelteKit route doing one primary-key query on the same database
//                                                        (the stack's ceiling)
//   3. the app's pages (tests/bench/pages.ts)
// and prints req/s, p50/p99 latency and each page's ratio to both ceilings, also written to
// bench-results.json (gitignored). See docs/bench.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseConfig } from '../../src/lib/server/db/connect';
import { measure, measureFormPosts, type LoadSettings, type Measurement } from './measure';
import { buildApp, buildMinimalApp } from './builds';
import { APP_PAGES } from './pages';
import {
	BenchError,
	cleanupSync,
	errorMessage,
	freePort,
	installCleanupHandlers,
	makeTempDir,
	serverOutput,
	startServer,
	stopServer,
	type Server
} from './processes';
import { printReport, ratio, writeResults, type PageResult } from './report';
import { measureCourseImport } from './import-course';
import { benchCertificatePdf } from './certificate-pdf';
import { QUIZ_COURSE } from './seed-quiz';
import { BENCH_PASSWORD, benchEmail, countStatementsIn, countSubmittedAttemptsIn, countSubmittedIn, seed, type SeedSizes } from './seed';
import { answeredStatements, H5P_COURSE, H5P_LESSON } from './seed-h5p';
import { measurePageWeight, type PageWeight } from './page-weight';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '../..');
const VITE_BIN = join(REPO, 'node_modules/vite/bin/vite.js');
/** The name of the application-submit measurement (its key in bench-results.json). */
const SUBMIT = 'apply-submit';
/** The name of the quiz-submit measurement. */
const QUIZ_SUBMIT = 'quiz-submit';
/** The xAPI endpoint's throughput: one statement relayed per learner. */
const XAPI = 'xapi';

interface Settings extends LoadSettings {
	sizes: SeedSizes;
	/** Application submissions measured (BENCH_SUBMITS), each by a different person. */
	submits: number;
	databaseUrl: string | undefined;
	startTimeoutMs: number;
	buildTimeoutMs: number;
	skipBuild: boolean;
	output: string;
}

function readSettings(env = process.env): Settings {
	const number = (name: string, fallback: number, { min, integer }: { min: number; integer: boolean }) => {
		const raw = env[name];
		if (raw === undefined || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
			const kind = integer ? 'a whole number' : 'a number';
			throw new BenchError(`${name} must be ${kind} of at least ${min}, not "${raw}"`);
		}
		return value;
	};
	return {
		sizes: {
			users: number('BENCH_USERS', 1000, { min: 1, integer: true }),
			courses: number('BENCH_COURSES', 200, { min: 1, integer: true }),
			lessonsPerCourse: number('BENCH_LESSONS_PER_COURSE', 25, { min: 1, integer: true }),
			applications: number('BENCH_APPLICATIONS', 500, { min: 1, integer: true }),
			submitters: 0
		},
		submits: number('BENCH_SUBMITS', 1000, { min: 1, integer: true }),
		connections: number('BENCH_CONNECTIONS', 10, { min: 1, integer: true }),
		duration: number('BENCH_DURATION', 10, { min: 1, integer: true }),
		warmup: number('BENCH_WARMUP', 3, { min: 0, integer: true }),
		startTimeoutMs: number('BENCH_START_TIMEOUT', 90, { min: 1, integer: false }) * 1000,
		buildTimeoutMs: number('BENCH_BUILD_TIMEOUT', 300, { min: 1, integer: false }) * 1000,
		skipBuild: env.BENCH_SKIP_BUILD === '1',
		databaseUrl: env.DATABASE_URL || undefined,
		output: resolve(REPO, env.BENCH_OUTPUT || 'bench-results.json')
	};
}

const say = (text: string) => console.log(`bench: ${text}`);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
	const started = performance.now();
	say(`${label}…`);
	const result = await work();
	say(`${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
	return result;
}

/** Environment for a server under test: the caller's, minus what would move it elsewhere. */
function serverEnv(port: number, db: DatabaseConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	const moved = ['SOCKET_PATH', 'LISTEN_PID', 'LISTEN_FDS', 'DATA_DIR', 'DATABASE_URL', 'PORT', 'ORIGIN', 'HOST'];
	for (const key of moved) delete env[key];
	Object.assign(env, {
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: `http://localhost:${port}`,
		...(db.url ? { DATABASE_URL: db.url } : { DATA_DIR: db.dataDir }),
		...extra
	});
	return env;
}

async function measureOne(name: string, server: Server, path: string, settings: Settings, cookie?: string) {
	const url = server.base + path;
	const seconds = settings.warmup + settings.duration;
	const who = cookie ? ', signed in' : '';
	say(`measuring ${name} at ${url}${who} (${settings.warmup} s warm-up, ${settings.duration} s measured, ~${seconds} s)`);
	const m = await measure({ name, url, ...(cookie ? { headers: { cookie }, signedIn: true } : {}) }, settings);
	return reported(m, server);
}

function reported(m: Measurement, server: Server) {
	const { name } = m;
	if (m.ok) {
		say(`  ${name}: ${Math.round(m.reqPerSec ?? 0)} req/s, p50 ${m.latencyMs?.p50} ms, p99 ${m.latencyMs?.p99} ms`);
	} else {
		console.error(`bench:   ${name}: FAILED: ${m.problems.join('; ')}${serverOutput(server, 15)}`);
	}
	for (const w of m.warnings) say(`  ${name}: note: ${w}`);
	return m;
}

/** Runs `work` against a server and always stops the server afterwards. */
async function withServer<T>(start: () => Promise<Server>, work: (server: Server) => Promise<T>): Promise<T> {
	const server = await start();
	try {
		return await work(server);
	} finally {
		await stopServer(server);
	}
}

function packageVersion(name: string) {
	try {
		const file = join(REPO, 'node_modules', name, 'package.json');
		return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
	} catch {
		return null;
	}
}

function gitInfo() {
	// Read-only: --no-optional-locks keeps `git status` from refreshing the index.
	const git = (args: string[]) =>
		execFileSync('git', ['--no-optional-locks', ...args], { cwd: REPO, encoding: 'utf8', timeout: 10_000 }).trim();
	try {
		return { commit: git(['rev-parse', 'HEAD']), dirty: git(['status', '--porcelain']).length > 0 };
	} catch {
		return null;
	}
}

function describeDatabase(url: string | undefined) {
	if (!url) return { kind: 'pglite' as const };
	// Never the user name or password.
	const u = new URL(url);
	const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
	return { kind: 'postgres' as const, host: u.hostname, port: u.port || '5432', database: name };
}

async function main() {
	installCleanupHandlers();
	const settings = readSettings();
	// Taken before the bench adds its own load: other work on the machine makes figures noisy.
	const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
	const cpuCount = os.cpus().length;
	if ((loadAtStart[0] ?? 0) > cpuCount / 2) {
		console.warn(
			`bench: warning: the machine is busy (load average ${loadAtStart[0]} on ${cpuCount} CPUs); ` +
				'other work competes with the servers and autocannon, so the figures will be noisy'
		);
	}
	// One person per submission: the probe, the warm-up (a tenth, when warming up) and the measured ones.
	const submitWarmup = settings.warmup > 0 ? Math.max(settings.connections, Math.round(settings.submits / 10)) : 0;
	settings.sizes.submitters = 1 + submitWarmup + settings.submits;
	const work = makeTempDir('bilim-bench-');
	const db: DatabaseConfig = settings.databaseUrl
		? { url: settings.databaseUrl }
		: { dataDir: join(work, 'data') };
	const database = describeDatabase(settings.databaseUrl);
	const dbLabel =
		database.kind === 'postgres'
			? `PostgreSQL ${database.host}:${database.port}/${database.database}`
			: 'embedded PGlite (fresh, temporary)';
	say(
		`${dbLabel}; ${settings.sizes.users} users; ${settings.sizes.courses} courses; ${settings.connections} connections; ` +
			`${settings.duration} s per target after ${settings.warmup} s warm-up; ${cpuCount} CPUs`
	);

	if (!existsSync(VITE_BIN)) throw new BenchError(`vite is not installed (${VITE_BIN}); run npm ci`);
	// Both builds at once: each is mostly one core's work.
	const appBuild = settings.skipBuild
		? Promise.resolve(REPO).then((dir) => {
				if (!existsSync(join(dir, 'build/index.js'))) {
					throw new BenchError('BENCH_SKIP_BUILD=1 but there is no build/ to reuse (run npm run build)');
				}
				say('BENCH_SKIP_BUILD=1: measuring the existing build/');
				return dir;
			})
		: timed('building the app (vite build, on a copy of the working tree)', () =>
				buildApp(REPO, work, VITE_BIN, settings.buildTimeoutMs)
			);
	const minimalBuild = timed('building the minimal SvelteKit app', () =>
		buildMinimalApp(REPO, work, VITE_BIN, settings.buildTimeoutMs)
	);
	const [appDir, minimalDir] = await Promise.all([appBuild, minimalBuild]);

	// Nothing else has the database open while seeding (an embedded one allows one process).
	const { users, courses, lessonsPerCourse, applications } = settings.sizes;
	const seeded = await timed(
		`seeding ${users} users, ${courses} courses of ${lessonsPerCourse} lessons and a cohort of ${applications} applications`,
		() => seed(db, settings.sizes)
	);
	const cohortCounts = seeded.cohorts.counts;
	say(
		`  database: ${seeded.serverVersion.split(',')[0]}; ${seeded.counts.users} users, ` +
			`${seeded.counts.publishedCourses} published courses, ${seeded.counts.lessons} lessons in all; ` +
			`${cohortCounts.cohorts} cohorts, ${cohortCounts.reviewApplications} applications with ${cohortCounts.reviews} reviews in ${seeded.cohorts.reviewCohort}`
	);

	// One server at a time, so each has the machine (2 cores are shared with autocannon)
	// and the embedded database is only ever open in one process.
	const startTimeout = settings.startTimeoutMs;
	const nodePort = await freePort();
	const node = await withServer(
		() =>
			startServer('bare node server', [join(HERE, 'bare-server.js')], {
				cwd: REPO,
				port: nodePort,
				env: { ...process.env, PORT: String(nodePort), HOST: '127.0.0.1' },
				timeoutMs: startTimeout
			}),
		(server) => measureOne('node', server, '/', settings)
	);

	const kitPort = await freePort();
	const kit = await withServer(
		() =>
			startServer('minimal kit app', [join(minimalDir, 'build/index.js')], {
				cwd: minimalDir,
				port: kitPort,
				env: serverEnv(kitPort, db, { BENCH_USER_ID: seeded.probeUserId }),
				timeoutMs: startTimeout
			}),
		(server) => measureOne('kit', server, '/', settings)
	);

	const appPort = await freePort();
	let weight: PageWeight | null = null;
	const pages: Measurement[] = await withServer(
		() =>
			startServer('app', [join(appDir, 'build/index.js')], {
				cwd: appDir,
				port: appPort,
				env: serverEnv(appPort, db, { DEMO: '0' }),
				timeoutMs: startTimeout
			}),
		async (server) => {
			const out: Measurement[] = [];
			for (const page of APP_PAGES) {
				const cookie = page.as ? seeded.cohorts.cookies[page.as] : undefined;
				out.push(await measureOne(page.name, server, page.path, settings, cookie));
			}
			const path = `/cohorts/${seeded.cohorts.applyCohort}/apply?/submit`;
			say(`measuring ${SUBMIT} at ${server.base}${path}: ${settings.submits} submissions by as many people (after ${submitWarmup} to warm up)`);
			const submit = await measureFormPosts(
				{
					name: SUBMIT,
					url: server.base + path,
					origin: `http://localhost:${appPort}`,
					body: seeded.cohorts.applyForm,
					cookies: seeded.cohorts.cookies.submitters,
					warmupRequests: submitWarmup
				},
				settings
			);
			out.push(reported(submit, server));

			say(`measuring ${QUIZ_SUBMIT}: ${settings.submits} quiz attempts submitted by as many people (after ${submitWarmup} to warm up)`);
			const quiz = await measureFormPosts(
				{
					name: QUIZ_SUBMIT,
					// Each person posts to their own attempt (paths); the address shown is its pattern.
					url: `${server.base}/courses/${QUIZ_COURSE}/${seeded.cohorts.quiz.lessonSlug}/quiz/:attempt?/submit`,
					origin: `http://localhost:${appPort}`,
					body: seeded.cohorts.quiz.form,
					cookies: seeded.cohorts.cookies.submitters,
					paths: seeded.cohorts.quiz.paths,
					warmupRequests: submitWarmup
				},
				settings
			);
			out.push(reported(quiz, server));

			const xapiPath = `/courses/${H5P_COURSE}/${H5P_LESSON}/h5p/xapi`;
			say(`measuring ${XAPI} at ${server.base}${xapiPath}: ${settings.submits} statements relayed by as many learners (after ${submitWarmup} to warm up)`);
			const xapi = await measureFormPosts(
				{
					name: XAPI,
					url: server.base + xapiPath,
					origin: `http://localhost:${appPort}`,
					body: '',
					bodies: answeredStatements(`http://localhost:${appPort}`, seeded.cohorts.h5p.lessonId, seeded.cohorts.h5p.userIds),
					contentType: 'application/json',
					cookies: seeded.cohorts.cookies.submitters,
					warmupRequests: submitWarmup
				},
				settings
			);
			out.push(reported(xapi, server));

			// The same lesson in a browser: what a learner's first and repeat visits cost.
			say(`weighing h5p-lesson in Chromium (first visit, then a repeat visit)`);
			weight = await measurePageWeight({
				name: 'h5p-lesson',
				base: server.base,
				path: `/courses/${H5P_COURSE}/${H5P_LESSON}`,
				cookie: seeded.cohorts.cookies.learner,
				readyInFrame: '.h5p-content'
			});
			if (weight.ok) {
				const kb = (b: number) => `${Math.round(b / 1024)} KB`;
				say(`  h5p-lesson: first visit ${weight.first!.requests} requests, ${kb(weight.first!.bytes)}; repeat visit ${weight.repeat!.requests} requests, ${kb(weight.repeat!.bytes)}`);
			} else {
				say(`  h5p-lesson weight: not measured: ${weight.problems.join('; ')}`);
			}
			return out;
		}
	);
	// Every answered submission must be in the database, submitted: else the figures count failures.
	const submit = pages.find((p) => p.name === SUBMIT);
	if (submit?.ok) {
		const stored = await countSubmittedIn(db, seeded.cohorts.applyCohort);
		if (stored !== submit.accepted) {
			submit.ok = false;
			submit.problems.push(`${submit.accepted} submissions were answered as accepted, but ${stored} are stored as submitted`);
		} else {
			say(`  ${SUBMIT}: all ${stored} answered submissions are stored as submitted`);
		}
	}

	// Likewise every answered quiz submission must be a graded attempt, counted once.
	const quiz = pages.find((p) => p.name === QUIZ_SUBMIT);
	if (quiz?.ok) {
		const stored = await countSubmittedAttemptsIn(db, seeded.cohorts.quiz.lessonSlug);
		if (stored !== quiz.accepted) {
			quiz.ok = false;
			quiz.problems.push(`${quiz.accepted} quiz submissions were answered as accepted, but ${stored} attempts are stored as submitted`);
		} else {
			say(`  ${QUIZ_SUBMIT}: all ${stored} answered submissions are stored as graded attempts`);
		}
	}

	// Every accepted statement must be stored, once.
	const xapi = pages.find((p) => p.name === XAPI);
	if (xapi?.ok) {
		const stored = await countStatementsIn(db, seeded.cohorts.h5p.lessonId);
		if (stored < (xapi.accepted ?? 0)) {
			xapi.ok = false;
			xapi.problems.push(`${xapi.accepted} statements were answered as accepted, but ${stored} are stored`);
		} else {
			say(`  ${XAPI}: all ${xapi.accepted} answered statements are stored (${stored} for the activity in all)`);
		}
	}

	const ceilings = { node, kit };
	const pageResults: PageResult[] = pages.map((p) => ({ ...p, vs: { node: ratio(p, node), kit: ratio(p, kit) } }));
	printReport(ceilings, pageResults);

	// The importer, on a scratch database of the same kind (embedded: in memory).
	const importTiming = await measureCourseImport(db.url ? { url: db.url } : { dataDir: 'memory://' });
	say(
		`import of a generated ${importTiming.lessons}-lesson course: ${Math.round(importTiming.firstImportMs)} ms ` +
			`(re-import ${Math.round(importTiming.reimportMs)} ms; target at most 3,000 ms)`
	);

	// Certificate PDFs, in this process: 1,000 distinct certificates, fonts loaded once.
	const certificatePdf = await benchCertificatePdf(1000);
	say(
		`certificate PDF: ${certificatePdf.meanMs.toFixed(1)} ms per certificate over ${certificatePdf.count} ` +
			`(p95 ${certificatePdf.p95Ms.toFixed(1)} ms, ~${Math.round(certificatePdf.meanBytes / 1024)} KB each; target at most 30 ms)`
	);

	const failures = [node, kit, ...pages].filter((m) => !m.ok).map((m) => ({ name: m.name, problems: m.problems }));
	const versions = ['@sveltejs/kit', '@sveltejs/adapter-node', 'svelte', 'vite', 'kysely', 'pg', '@electric-sql/pglite', 'autocannon'];
	writeResults(settings.output, {
		date: new Date().toISOString(),
		ok: failures.length === 0,
		failures,
		machine: {
			cpus: cpuCount,
			cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
			memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
			loadAverageAtStart: loadAtStart,
			platform: `${os.platform()} ${os.release()} ${os.arch()}`,
			node: process.version
		},
		versions: Object.fromEntries(versions.map((name) => [name, packageVersion(name)])),
		git: gitInfo(),
		appBuild: settings.skipBuild ? 'existing build/ in the repository' : 'fresh vite build of the working tree',
		database: {
			...database,
			serverVersion: seeded.serverVersion,
			...(database.kind === 'postgres' ? { poolSize: Number(process.env.DATABASE_POOL_SIZE) || 10 } : {})
		},
		sizes: { requested: { ...settings.sizes, submits: settings.submits }, ...seeded.counts, cohorts: cohortCounts, seedSeconds: seeded.seconds },
		benchAccounts: { email: benchEmail(1).replace('000001', 'NNNNNN'), password: BENCH_PASSWORD },
		load: {
			tool: 'autocannon',
			connections: settings.connections,
			durationSec: settings.duration,
			warmupSec: settings.warmup
		},
		ceilings,
		pages: pageResults,
		pageWeight: weight,
		courseImport: importTiming,
		certificatePdf
	});
	say(`results written to ${settings.output}`);
	if (failures.length) {
		const names = failures.map((f) => f.name).join(', ');
		console.error(`bench: ${failures.length} of ${2 + pages.length} measurements FAILED (${names}); exiting with 1`);
	}
	return failures.length === 0;
}

main()
	.then((ok) => {
		cleanupSync();
		process.exit(ok ? 0 : 1);
	})
	.catch((error: unknown) => {
		cleanupSync();
		console.error(`\nbench: FAILED: ${error instanceof BenchError ? error.message : errorMessage(error)}`);
		if (!(error instanceof BenchError) && error instanceof Error && error.stack) console.error(error.stack);
		process.exit(1);
	});
