import { describe, expect, it } from 'vitest';
import { COMMANDS, parseCommand, usage, type ParseResult } from '../../../src/lib/server/cli/parse';
import { generatePassword } from '../../../src/lib/server/cli/commands';
import { PasswordField } from '../../../src/lib/schemas/common';

function errorOf(result: ParseResult): string {
	if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
	return result.error;
}

const create = ['user:create', '--email', 'Aigerim@Example.org', '--name', ' Aigerim ', '--role', 'admin'];

describe('parseCommand', () => {
	it('shows help for no command, help, --help and -h', () => {
		for (const argv of [[], ['help'], ['--help'], ['-h']]) {
			expect(parseCommand(argv)).toEqual({ command: 'help' });
		}
	});

	it('shows one command’s help for `help <command>` and `<command> --help`', () => {
		expect(parseCommand(['help', 'user:role'])).toEqual({ command: 'help', topic: 'user:role' });
		expect(parseCommand(['user:create', '--help'])).toEqual({ command: 'help', topic: 'user:create' });
		expect(parseCommand(['db:status', '-h'])).toEqual({ command: 'help', topic: 'db:status' });
	});

	it('parses user:create with the schemas’ normalising and the defaults', () => {
		expect(parseCommand(create)).toEqual({
			command: 'user:create',
			options: { email: 'aigerim@example.org', name: 'Aigerim', role: 'admin', country: 'KZ', locale: 'en' }
		});
	});

	it('takes a password, country and locale, also in --option=value form', () => {
		const result = parseCommand([...create, '--password=long enough pass', '--country', 'kg', '--locale', 'ru']);
		expect(result).toMatchObject({
			command: 'user:create',
			options: { password: 'long enough pass', country: 'KG', locale: 'ru' }
		});
	});

	it('parses user:role, db:migrate and db:status', () => {
		expect(parseCommand(['user:role', '--role', 'facilitator', '--email', 'a@b.org'])).toEqual({
			command: 'user:role',
			options: { email: 'a@b.org', role: 'facilitator' }
		});
		expect(parseCommand(['db:migrate'])).toEqual({ command: 'db:migrate', options: {} });
		expect(parseCommand(['db:status'])).toEqual({ command: 'db:status', options: {} });
	});

	it('names every missing required option', () => {
		expect(errorOf(parseCommand(['user:create', '--name', 'X']))).toMatch(
			/^user:create needs --email and --role\. See `npm run cli -- help user:create`\.$/
		);
		expect(errorOf(parseCommand(['user:role', '--role', 'admin']))).toContain('user:role needs --email.');
	});

	it('rejects an unknown role, a bad email, country and locale in plain English', () => {
		expect(errorOf(parseCommand(['user:role', '--email', 'a@b.org', '--role', 'boss']))).toContain(
			'--role "boss" must be one of: learner, author, facilitator, admin.'
		);
		expect(errorOf(parseCommand(['user:role', '--email', 'not-an-email', '--role', 'admin']))).toContain(
			'--email "not-an-email" is not a valid email address.'
		);
		const error = errorOf(parseCommand([...create, '--country', 'XX', '--locale', 'fr']));
		expect(error).toContain('--country "XX" is not a known two-letter country code');
		expect(error).toContain('--locale "fr" must be one of: en, ru.');
		expect(error).not.toContain('error_');
	});

	it('rejects an empty name and never echoes a rejected password', () => {
		expect(errorOf(parseCommand(['user:create', '--email', 'a@b.org', '--name', '  ', '--role', 'author']))).toContain(
			'--name "  " is required.'
		);
		const error = errorOf(parseCommand([...create, '--password', 'short1']));
		expect(error).toContain('--password must be at least 10 characters.');
		expect(error).not.toContain('short1');
		expect(errorOf(parseCommand([...create, '--password', 'password123']))).toContain(
			'--password is too common or too simple'
		);
	});

	it('explains unknown commands, options and stray arguments, each on one line with a pointer to help', () => {
		const cases: [string[], string][] = [
			[['frob'], 'Unknown command "frob". See `npm run cli -- help`.'],
			[['user-create'], 'Did you mean user:create?'],
			[['create:user'], 'Did you mean user:create?'],
			[['user:role', '--email', 'a@b.org', '--role', 'admin', '--force'], 'user:role has no option --force'],
			[['db:status', '--verbose'], 'db:status has no option --verbose; it takes no options.'],
			[['user:role', '--email'], '--email needs a value, e.g. --email <email>.'],
			[['user:role', 'a@b.org', 'admin'], 'Unexpected argument "a@b.org"'],
			[['--email', 'a@b.org'], 'Put the command before its options'],
			[['help', 'frob'], 'There is no command "frob"'],
			[[...create, '--role', 'author'], '--role is given more than once.']
		];
		for (const [argv, message] of cases) {
			const error = errorOf(parseCommand(argv));
			expect(error).toContain(message);
			expect(error).toMatch(/See `npm run cli -- help( [a-z:]+)?`\.$/);
			expect(error).not.toContain('\n');
		}
	});
});

describe('usage', () => {
	it('lists every command with every option', () => {
		const text = usage().join('\n');
		for (const [name, command] of Object.entries(COMMANDS)) {
			expect(text).toContain(name);
			for (const option of Object.keys(command.options)) expect(text).toContain(`--${option} `);
		}
		expect(text).toContain('help');
		expect(text).toContain('DATABASE_URL');
	});

	it('shows one command with examples', () => {
		const text = usage('user:create').join('\n');
		expect(text).toContain('Usage: npm run cli -- user:create --email <email>');
		expect(text).toContain('Examples:');
		expect(text).not.toContain('user:role');
	});
});

describe('generatePassword', () => {
	it('makes different passwords that pass the password rules', () => {
		const passwords = new Set(Array.from({ length: 50 }, generatePassword));
		expect(passwords.size).toBe(50);
		for (const password of passwords) {
			expect(password).toMatch(/^[a-z2-7]{6}(-[a-z2-7]{6}){3}$/);
			expect(PasswordField.safeParse(password).success).toBe(true);
		}
	});
});
