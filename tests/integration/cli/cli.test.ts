import { randomBytes } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
	CommandError,
	dbMigrate,
	dbStatus,
	run,
	userCreate,
	userRole
} from '../../../src/lib/server/cli/commands';
import { parseCommand, type CommandOptions } from '../../../src/lib/server/cli/parse';
import { verifyPassword } from '../../../src/lib/server/auth/password';
import { createDatabase, type Database } from '../../../src/lib/server/db/connect';
import { migrationStatus } from '../../../src/lib/server/db/migrate';
import { findUserByEmail } from '../../../src/lib/server/users/users';
import { adminQuery, withDatabase } from '../global-setup';
import { testDatabase } from '../test-db';

const db = await testDatabase();

/** Runs a command line as an operator would, collecting what they would see. */
async function cli(argv: string[], database: Database = db) {
	const out: string[] = [];
	const err: string[] = [];
	let opened = false;
	const code = await run(argv, {
		database: () => {
			opened = true;
			return database;
		},
		out: (line) => out.push(line),
		err: (line) => err.push(line)
	});
	return { code, out: out.join('\n'), err: err.join('\n'), opened };
}

/** The options a command line parses to, for calling a command function directly. */
function options<K extends keyof CommandOptions>(command: K, args: string[]): CommandOptions[K] {
	const parsed = parseCommand([command, ...args]);
	if (!('options' in parsed)) throw new Error(`bad test command line: ${JSON.stringify(parsed)}`);
	return parsed.options as CommandOptions[K];
}

async function userCount() {
	const row = await db
		.selectFrom('appUser')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return row.n;
}

/** A database with no tables at all, as on a first install; call it inside a test, which closes it. */
async function emptyDatabase(): Promise<Database> {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) {
		const empty = createDatabase({ dataDir: 'memory://' });
		onTestFinished(() => empty.destroy());
		return empty;
	}
	const name = `bilim_t_${randomBytes(6).toString('hex')}`;
	await adminQuery(url, `create database ${name}`);
	const empty = createDatabase({ url: withDatabase(url, name), poolSize: 2 });
	onTestFinished(async () => {
		await empty.destroy();
		await adminQuery(url, `drop database if exists ${name}`);
	});
	return empty;
}

describe('user:create', () => {
	it('creates an account with a generated password, printed once, that signs in', async () => {
		const lines: string[] = [];
		const user = await userCreate(
			db,
			options('user:create', ['--email', 'Aigerim@Example.org', '--name', 'Aigerim N.', '--role', 'admin']),
			(line) => lines.push(line)
		);
		expect(user).toMatchObject({ email: 'aigerim@example.org', role: 'admin', country: 'KZ', locale: 'en' });
		expect(lines[0]).toContain('Created admin account aigerim@example.org');

		const password = /shown only this once.*: (\S+)$/.exec(lines.join('\n'))?.[1];
		expect(password).toBeDefined();
		expect(lines.join('\n').split(password!).length - 1).toBe(1);
		const stored = await findUserByEmail(db, 'aigerim@example.org');
		expect(await verifyPassword(stored!.passwordHash, password!)).toBe(true);
		expect(lines.join('\n')).not.toContain(stored!.passwordHash);
		expect(lines.join('\n')).not.toContain('$argon2');
	});

	it('uses a given password without printing it, and the given country and locale', async () => {
		const result = await cli([
			'user:create',
			...['--email', 'bakyt@example.org', '--name', 'Bakyt', '--role', 'author'],
			...['--password', 'a long secret phrase', '--country', 'kg', '--locale', 'ru']
		]);
		expect(result).toMatchObject({ code: 0, err: '' });
		expect(result.out).toContain('Created author account bakyt@example.org (Bakyt, KG, ru)');
		expect(result.out).not.toContain('a long secret phrase');
		expect(result.out).not.toContain('Password');
		const stored = await findUserByEmail(db, 'bakyt@example.org');
		expect(await verifyPassword(stored!.passwordHash, 'a long secret phrase')).toBe(true);
	});

	it('refuses an email that is taken, in any letter case, and changes nothing', async () => {
		const before = await userCount();
		await expect(
			userCreate(db, options('user:create', ['--email', 'bakyt@example.org', '--name', 'B', '--role', 'learner']), () => {})
		).rejects.toThrow(CommandError);

		const result = await cli(['user:create', '--email', 'BAKYT@example.org', '--name', 'B', '--role', 'admin']);
		expect(result.code).toBe(1);
		expect(result.err).toBe(
			'Error: An account with the email bakyt@example.org already exists; nothing was changed. To change its role, use user:role.'
		);
		expect(result.out).toBe('');
		expect(await userCount()).toBe(before);
		expect((await findUserByEmail(db, 'bakyt@example.org'))?.role).toBe('author');
	});

	it('refuses a missing email, an unknown role and a bad email with exit code 2, before touching the database', async () => {
		const before = await userCount();
		const cases: [string[], string][] = [
			[['user:create', '--name', 'No Email', '--role', 'learner'], 'user:create needs --email.'],
			[['user:create', '--email', 'r@example.org', '--name', 'R', '--role', 'boss'], '--role "boss" must be one of'],
			[['user:create', '--email', 'not-an-email', '--name', 'R', '--role', 'learner'], 'is not a valid email address']
		];
		for (const [argv, message] of cases) {
			const result = await cli(argv);
			expect(result.code).toBe(2);
			expect(result.err).toContain(message);
			expect(result.err).toContain('npm run cli -- help');
			expect(result.opened).toBe(false);
		}
		expect(await userCount()).toBe(before);
	});
});

describe('user:role', () => {
	it('changes the role and says from what to what', async () => {
		const lines: string[] = [];
		await userRole(db, options('user:role', ['--email', 'Bakyt@example.org', '--role', 'facilitator']), (line) =>
			lines.push(line)
		);
		expect(lines).toEqual(['Changed the role of bakyt@example.org from author to facilitator.']);
		expect((await findUserByEmail(db, 'bakyt@example.org'))?.role).toBe('facilitator');
	});

	it('says so when the account already has the role', async () => {
		const result = await cli(['user:role', '--email', 'bakyt@example.org', '--role', 'facilitator']);
		expect(result).toMatchObject({ code: 0, out: 'bakyt@example.org already has the role facilitator; nothing changed.' });
	});

	it('lets the operator demote an admin (the self-demotion guard is for signed-in admins)', async () => {
		const result = await cli(['user:role', '--email', 'aigerim@example.org', '--role', 'learner']);
		expect(result.code).toBe(0);
		expect((await findUserByEmail(db, 'aigerim@example.org'))?.role).toBe('learner');
	});

	it('fails with exit code 1 for an unknown email', async () => {
		const result = await cli(['user:role', '--email', 'nobody@example.org', '--role', 'admin']);
		expect(result.code).toBe(1);
		expect(result.err).toBe('Error: No account has the email nobody@example.org. Create one with user:create.');
	});

	it('fails with exit code 2 for an unknown role and leaves the account alone', async () => {
		const result = await cli(['user:role', '--email', 'bakyt@example.org', '--role', 'bogus']);
		expect(result.code).toBe(2);
		expect(result.err).toContain('--role "bogus" must be one of: learner, author, facilitator, admin.');
		expect((await findUserByEmail(db, 'bakyt@example.org'))?.role).toBe('facilitator');
	});
});

describe('db:migrate and db:status', () => {
	it('reports a migrated database as up to date, every migration with its time', async () => {
		const migrate: string[] = [];
		await dbMigrate(db, {}, (line) => migrate.push(line));
		expect(migrate).toEqual(['The database is already up to date.']);

		const status: string[] = [];
		await dbStatus(db, {}, (line) => status.push(line));
		const migrations = await migrationStatus(db);
		expect(status).toHaveLength(migrations.length + 1);
		for (const [i, m] of migrations.entries()) {
			expect(status[i]).toMatch(new RegExp(`^${m.name} +applied \\d{4}-\\d\\d-\\d\\dT`));
		}
		expect(status.at(-1)).toBe(`All ${migrations.length} migrations are applied.`);
	});

	it('on a new database: db:status only reads, db:migrate applies, user:create migrates first', async () => {
		const empty = await emptyDatabase();
		const status = await cli(['db:status'], empty);
		expect(status.code).toBe(0);
		expect(status.out).toMatch(/20261127_01_organisation +pending/);
		expect(status.out).toMatch(/(\d+) of \1 migrations pending; apply them with `npm run cli -- db:migrate`\./);
		expect((await migrationStatus(empty)).every((m) => m.executedAt === undefined)).toBe(true);

		const created = await cli(['user:create', '--email', 'first@example.org', '--name', 'First', '--role', 'admin'], empty);
		expect(created.code).toBe(0);
		expect(created.out).toMatch(/^Applied \d+ pending migration\(s\): 20261127_01_organisation, /);
		expect(created.out).toContain('Created admin account first@example.org');

		const migrate = await cli(['db:migrate'], empty);
		expect(migrate).toMatchObject({ code: 0, out: 'The database is already up to date.' });
	});

	it('lists each migration db:migrate applies', async () => {
		const empty = await emptyDatabase();
		const result = await cli(['db:migrate'], empty);
		const total = (await migrationStatus(empty)).length;
		expect(result.code).toBe(0);
		expect(result.out.split('\n')).toEqual([
			...(await migrationStatus(empty)).map((m) => `Applied ${m.name}`),
			`The database is up to date (${total} migrations applied).`
		]);
	});
});

describe('help', () => {
	it('prints usage without opening the database', async () => {
		const result = await cli([]);
		expect(result).toMatchObject({ code: 0, err: '', opened: false });
		expect(result.out).toContain('user:create');
	});
});
