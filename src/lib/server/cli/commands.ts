import type { Database } from '../db/connect';
import { migrateToLatest, migrationStatus } from '../db/migrate';
import { DomainError, ValidationError } from '../errors';
import { generateToken } from '../auth/session';
import { createUser, findUserByEmail, setRole } from '../users/users';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
	CoursePackageError,
	importCourseFolder,
	importCourseZip,
	isCourseFolder,
	listCourseFolders
} from '../courses/packages';
import { exportCourseZip } from '../courses/export';
import type { ImportResult } from '../courses/import';
import { PasswordField } from '../../schemas/common';
import { domainMessage } from './messages';
import { CLI, COMMANDS, parseCommand, usage, type CommandOptions } from './parse';

/**
 * The commands, as functions of (db, options, output) so tests run them on a test
 * database and read what an operator would see. `run` ties parsing, migrations and exit
 * codes together; main.ts only supplies the real database and console.
 */

/** Receives one line of text for the operator. */
export type Output = (line: string) => void;

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A failure the command explains itself, in a full sentence. */
export class CommandError extends Error {}

/**
 * setRole refuses an admin demoting themselves, because a signed-in admin could lock the
 * site out of administration. The operator at the shell is not an account (and is how a
 * locked-out site gets its admin back), so they act as no one (null).
 */
const OPERATOR = null;

export async function userCreate(db: Database, options: CommandOptions['user:create'], out: Output) {
	const generated = options.password === undefined;
	const password = options.password ?? generatePassword();
	let user;
	try {
		user = await createUser(db, { ...options, password });
	} catch (e) {
		if (e instanceof ValidationError && e.message === 'error_email_taken') {
			throw new CommandError(
				`An account with the email ${options.email} already exists; nothing was changed. ` +
					`To change its role, use user:role.`
			);
		}
		throw e;
	}
	out(`Created ${user.role} account ${user.email} (${user.name}, ${user.country}, ${user.locale}), id ${user.id}.`);
	if (generated) {
		// The only time this password exists in clear text; it is not stored or logged.
		out(`Password (shown only this once; pass it on privately): ${password}`);
	}
	return user;
}

export async function userRole(db: Database, options: CommandOptions['user:role'], out: Output) {
	const user = await findUserByEmail(db, options.email);
	if (!user) {
		throw new CommandError(`No account has the email ${options.email}. Create one with user:create.`);
	}
	const note = user.deactivatedAt ? ' (the account is deactivated)' : '';
	if (user.role === options.role) {
		out(`${user.email} already has the role ${user.role}; nothing changed${note}.`);
		return;
	}
	await setRole(db, OPERATOR, user.id, options.role);
	out(`Changed the role of ${user.email} from ${user.role} to ${options.role}${note}.`);
}

export async function dbMigrate(db: Database, _options: CommandOptions['db:migrate'], out: Output) {
	const applied = await applyMigrations(db);
	if (applied.length === 0) {
		out('The database is already up to date.');
		return;
	}
	for (const name of applied) out(`Applied ${name}`);
	out(`The database is up to date (${applied.length} migration${applied.length === 1 ? '' : 's'} applied).`);
}

export async function dbStatus(db: Database, _options: CommandOptions['db:status'], out: Output) {
	const migrations = await migrationStatus(db);
	const width = Math.max(0, ...migrations.map((m) => m.name.length));
	for (const m of migrations) {
		out(`${m.name.padEnd(width)}  ${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending'}`);
	}
	const pending = migrations.filter((m) => !m.executedAt).length;
	out(
		pending === 0
			? `All ${migrations.length} migrations are applied.`
			: `${pending} of ${migrations.length} migrations pending; apply them with \`${CLI} db:migrate\`.`
	);
}

export async function coursesImport(db: Database, options: CommandOptions['courses:import'], out: Output) {
	const info = await stat(options.path).catch(() => undefined);
	if (!info) throw new CommandError(`There is no file or folder at ${options.path}.`);
	const report = (r: ImportResult) =>
		out(
			`${r.created ? 'Imported' : 'Updated'} course ${r.slug}: ${r.lessons.created} lesson(s) added, ` +
				`${r.lessons.updated} changed, ${r.lessons.unchanged} unchanged, ${r.lessons.removed} removed.`
		);
	try {
		if (info.isFile()) {
			if (!/\.zip$/i.test(options.path)) throw new CommandError(`${options.path} is not a .zip file or a folder.`);
			report(await importCourseZip(db, new Uint8Array(await readFile(options.path)), basename(options.path)));
		} else if (await isCourseFolder(options.path)) {
			report(await importCourseFolder(db, options.path));
		} else {
			const folders = await listCourseFolders(options.path);
			if (!folders.length) {
				throw new CommandError(`${options.path} holds no course.yaml, and no folder in it does: see docs/course-format.md.`);
			}
			const failed: string[] = [];
			for (const folder of folders) {
				try {
					report(await importCourseFolder(db, folder));
				} catch (e) {
					if (!(e instanceof CoursePackageError)) throw e;
					failed.push(...e.problems);
				}
			}
			if (failed.length) throw new CoursePackageError(failed);
		}
	} catch (e) {
		if (e instanceof CoursePackageError) {
			throw new CommandError(
				`Nothing was written for the course(s) with problems. ${e.problems.length} problem(s):\n${e.problems.map((p) => `  ${p}`).join('\n')}`
			);
		}
		throw e;
	}
}

export async function coursesExport(db: Database, options: CommandOptions['courses:export'], out: Output) {
	const file = options.out ?? `${options.slug}.zip`;
	const zip = await exportCourseZip(db, options.slug);
	await writeFile(file, zip);
	out(`Wrote course ${options.slug} to ${file} (${Math.ceil(zip.byteLength / 1024)} KB).`);
}

/** Parses argv, runs the command and returns the exit code; never exits or closes the database. */
export async function run(
	argv: readonly string[],
	io: { database: () => Database; out: Output; err: Output }
): Promise<number> {
	const parsed = parseCommand(argv);
	if ('error' in parsed) {
		io.err(`Error: ${parsed.error}`);
		return EXIT.usage;
	}
	if (parsed.command === 'help') {
		usage(parsed.topic).forEach((line) => io.out(line));
		return EXIT.ok;
	}
	try {
		const db = io.database();
		if (COMMANDS[parsed.command].migratesFirst) {
			const applied = await applyMigrations(db);
			if (applied.length) io.out(`Applied ${applied.length} pending migration(s): ${applied.join(', ')}.`);
		}
		switch (parsed.command) {
			case 'user:create':
				await userCreate(db, parsed.options, io.out);
				break;
			case 'user:role':
				await userRole(db, parsed.options, io.out);
				break;
			case 'db:migrate':
				await dbMigrate(db, parsed.options, io.out);
				break;
			case 'db:status':
				await dbStatus(db, parsed.options, io.out);
				break;
			case 'courses:import':
				await coursesImport(db, parsed.options, io.out);
				break;
			case 'courses:export':
				await coursesExport(db, parsed.options, io.out);
				break;
		}
		return EXIT.ok;
	} catch (e) {
		io.err(`Error: ${describeFailure(e)}`);
		return EXIT.failed;
	}
}

async function applyMigrations(db: Database): Promise<string[]> {
	try {
		const result = await migrateToLatest(db);
		return result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
	} catch (e) {
		throw new CommandError(
			`A migration failed: ${messageOf(e)}. See what is applied with \`${CLI} db:status\`.`
		);
	}
}

function describeFailure(e: unknown): string {
	if (e instanceof CommandError) return e.message;
	if (e instanceof ValidationError) return domainMessage(e.message, e.field);
	if (e instanceof DomainError) return domainMessage(e.message);
	return messageOf(e);
}

/** pg reports a refused connection as an AggregateError with an empty message. */
function messageOf(e: unknown): string {
	if (e instanceof AggregateError && !e.message) return e.errors.map(messageOf).join('; ');
	if (e instanceof Error) return e.message || (e as { code?: string }).code || e.name;
	return String(e);
}

/** 24 base32 characters (120 bits) in groups of six, easy to read out and to type. */
export function generatePassword(): string {
	for (;;) {
		const password = (generateToken().slice(0, 24).match(/.{6}/g) ?? []).join('-');
		// The weak-password rule is a few distinct characters; a random draw misses it practically never.
		if (PasswordField.safeParse(password).success) return password;
	}
}
