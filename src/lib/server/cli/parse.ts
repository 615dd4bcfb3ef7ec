import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
	CountryField,
	EmailField,
	LOCALES,
	LocaleField,
	MIN_PASSWORD,
	NameField,
	PasswordField,
	ROLES,
	RoleField
} from '../../schemas/common';
import { fieldProblem } from './messages';

/**
 * The command table and the argument parser. Pure: no database, no console, no process,
 * so the whole command line surface is unit-tested without running anything.
 */

export const CLI = 'npm run cli --';

interface OptionSpec {
	/** Placeholder shown in the usage text, e.g. "<email>". */
	value: string;
	description: string;
	required?: boolean;
}

interface CommandSpec<S extends z.ZodObject> {
	summary: string;
	/** One entry per schema key, so the usage text cannot miss an option. */
	options: { [K in keyof z.input<S>]-?: OptionSpec };
	schema: S;
	examples: string[];
	/** Apply pending migrations before running, so the command works on a new database. */
	migratesFirst: boolean;
	/** Options that may also be given as bare arguments, in this order (`courses:import ./x`). */
	positionals?: (keyof z.input<S> & string)[];
}

const spec = <S extends z.ZodObject>(s: CommandSpec<S>) => s;

export const COMMANDS = {
	'user:create': spec({
		summary: 'Create an account.',
		schema: z.object({
			email: EmailField,
			name: NameField,
			role: RoleField,
			password: PasswordField.optional(),
			country: CountryField.default('KZ'),
			locale: LocaleField.default('en')
		}),
		options: {
			email: { value: '<email>', description: 'sign-in email, unique', required: true },
			name: { value: '<name>', description: 'full name, as shown in the app', required: true },
			role: { value: '<role>', description: ROLES.join(' | '), required: true },
			password: {
				value: '<password>',
				description: `at least ${MIN_PASSWORD} characters; when left out, a strong one is generated and printed once`
			},
			country: { value: '<CC>', description: 'two-letter country code (default KZ)' },
			locale: { value: '<locale>', description: `${LOCALES.join(' | ')} (default en)` }
		},
		examples: [
			`${CLI} user:create --email aigerim@example.org --name "Aigerim Nurlanovna" --role admin`,
			`${CLI} user:create --email bakyt@example.org --name "Bakyt T." --role author --country KG --locale ru`
		],
		migratesFirst: true
	}),
	'user:role': spec({
		summary: "Change an account's role.",
		schema: z.object({ email: EmailField, role: RoleField }),
		options: {
			email: { value: '<email>', description: 'the account to change', required: true },
			role: { value: '<role>', description: ROLES.join(' | '), required: true }
		},
		examples: [`${CLI} user:role --email bakyt@example.org --role facilitator`],
		migratesFirst: true
	}),
	'courses:import': spec({
		summary: 'Import a course folder, a folder of course folders, or a course .zip (again: updates in place).',
		schema: z.object({ path: z.string().min(1, { error: 'error_required' }) }),
		options: {
			path: { value: '<folder|zip>', description: 'a course folder, a folder of courses, or a .zip', required: true }
		},
		positionals: ['path'],
		examples: [`${CLI} courses:import courses/calp-leadership`, `${CLI} courses:import ./courses`, `${CLI} courses:import water.zip`],
		migratesFirst: true
	}),
	'courses:export': spec({
		summary: 'Write a course as a .zip in the courses/ format.',
		schema: z.object({
			slug: z.string().min(1, { error: 'error_required' }),
			out: z.string().min(1, { error: 'error_required' }).optional()
		}),
		options: {
			slug: { value: '<slug>', description: 'the course to export', required: true },
			out: { value: '<file.zip>', description: 'where to write it (default <slug>.zip)' }
		},
		positionals: ['slug', 'out'],
		examples: [`${CLI} courses:export calp-leadership`, `${CLI} courses:export calp-leadership /tmp/calp.zip`],
		migratesFirst: true
	}),
	'db:migrate': spec({
		summary: 'Apply pending database migrations and list them.',
		schema: z.object({}),
		options: {},
		examples: [`${CLI} db:migrate`],
		migratesFirst: false
	}),
	'db:status': spec({
		summary: 'List migrations with the time each was applied, or "pending". Changes nothing.',
		schema: z.object({}),
		options: {},
		examples: [`${CLI} db:status`],
		migratesFirst: false
	})
};

export type CommandName = keyof typeof COMMANDS;
export type CommandOptions = { [K in CommandName]: z.output<(typeof COMMANDS)[K]['schema']> };
export type ParsedCommand =
	| { command: 'help'; topic?: CommandName }
	| { [K in CommandName]: { command: K; options: CommandOptions[K] } }[CommandName];
export type ParseResult = ParsedCommand | { error: string };

const HELP_WORDS = new Set(['help', '--help', '-h']);

export function isCommandName(name: string): name is CommandName {
	return Object.hasOwn(COMMANDS, name);
}

/** Turns argv (after `npm run cli --`) into a command with validated options, or a one-line error. */
export function parseCommand(argv: readonly string[]): ParseResult {
	const [first, ...rest] = argv;
	if (first === undefined || HELP_WORDS.has(first)) return parseHelp(rest);
	if (first.startsWith('-')) {
		return usageError(`Put the command before its options (got "${first}" first).`);
	}
	if (!isCommandName(first)) {
		const guess = closestCommand(first);
		return usageError(`Unknown command "${first}".${guess ? ` Did you mean ${guess}?` : ''}`);
	}
	const command = first;
	const { options, schema } = COMMANDS[command];
	const positionals = ((COMMANDS[command] as { positionals?: string[] }).positionals ?? []) as string[];
	const names = Object.keys(options);

	let parsed;
	try {
		parsed = parseArgs({
			args: [...rest],
			options: {
				...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
				help: { type: 'boolean', short: 'h' }
			},
			strict: true,
			allowPositionals: positionals.length > 0,
			tokens: true
		});
	} catch (e) {
		return usageError(argumentProblem(command, e), command);
	}
	if (parsed.values.help) return { command: 'help', topic: command };

	// parseArgs keeps the last of a repeated option silently; a typo'd script should hear of it.
	const seen = new Set<string>();
	for (const token of parsed.tokens) {
		if (token.kind !== 'option') continue;
		if (seen.has(token.name)) return usageError(`--${token.name} is given more than once.`, command);
		seen.add(token.name);
	}

	const given = parsed.values as Record<string, string | boolean | undefined>;
	const values: Record<string, string> = {};
	for (const name of names) {
		const value = given[name];
		if (typeof value === 'string') values[name] = value;
	}
	if (parsed.positionals.length > positionals.length) {
		return usageError(`${command} takes at most ${positionals.length} argument(s): ${positionals.map((p) => `<${p}>`).join(' ')}.`, command);
	}
	for (const [i, value] of parsed.positionals.entries()) {
		const name = positionals[i]!;
		if (name in values) return usageError(`--${name} is given twice (as an option and as an argument).`, command);
		values[name] = value;
	}
	const missing = names.filter((name) => (options as Record<string, OptionSpec>)[name]?.required && !(name in values));
	if (missing.length > 0) {
		return usageError(`${command} needs ${missing.map((name) => `--${name}`).join(' and ')}.`, command);
	}

	const result = schema.safeParse(values);
	if (!result.success) {
		// One problem per option: "too short" already says what to fix, "too weak" would repeat it.
		const firstPerOption = result.error.issues.filter(
			(issue, i, all) => all.findIndex((other) => other.path[0] === issue.path[0]) === i
		);
		const problems = firstPerOption.map((issue) => {
			const name = String(issue.path[0] ?? '');
			// A password is never echoed, not even a rejected one: terminals keep scrollback.
			const shown = name === 'password' || !(name in values) ? '' : ` "${values[name]}"`;
			return `--${name}${shown} ${fieldProblem(issue.message)}.`;
		});
		return usageError(problems.join(' '), command);
	}
	return { command, options: result.data } as ParsedCommand;
}

function parseHelp(rest: string[]): ParseResult {
	const topic = rest.find((arg) => !HELP_WORDS.has(arg));
	if (topic === undefined) return { command: 'help' };
	if (!isCommandName(topic)) return usageError(`There is no command "${topic}" to show help for.`);
	return { command: 'help', topic };
}

function usageError(message: string, topic?: CommandName): { error: string } {
	return { error: `${message} See \`${CLI} help${topic ? ` ${topic}` : ''}\`.` };
}

/** parseArgs's own messages talk about positionals and "<value>"; say what to fix instead. */
function argumentProblem(command: CommandName, e: unknown): string {
	const error = e as { code?: string; message?: string };
	const quoted = /'([^']+)'/.exec(error.message ?? '')?.[1]?.replace(/ <value>$/, '');
	switch (error.code) {
		case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
			const known = Object.keys(COMMANDS[command].options).map((name) => `--${name}`);
			return `${command} has no option ${quoted}; it takes ${known.length ? known.join(', ') : 'no options'}.`;
		}
		case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
			return `${quoted} needs a value, e.g. ${quoted} ${optionPlaceholder(command, quoted)}.`;
		case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
			return (
				`Unexpected argument ${quoted ? `"${quoted}"` : ''}: every value follows its option (--name "Full Name"); ` +
				`quote values with spaces, and put -- after npm run cli.`
			);
		default:
			return error.message ?? String(e);
	}
}

function optionPlaceholder(command: CommandName, option: string | undefined): string {
	const name = option?.replace(/^--/, '') ?? '';
	return (COMMANDS[command].options as Record<string, OptionSpec>)[name]?.value ?? '<value>';
}

/** "user-create", "user_create", "USER:CREATE" → user:create. */
function closestCommand(input: string): CommandName | undefined {
	const normal = input.toLowerCase().replace(/[-_. ]/g, ':');
	const names = Object.keys(COMMANDS) as CommandName[];
	return names.find((name) => name === normal) ?? names.find((name) => name.split(':').reverse().join(':') === normal);
}

/** The usage text: every command with its options, or one command with examples. */
export function usage(topic?: CommandName): string[] {
	const names = topic ? [topic] : (Object.keys(COMMANDS) as CommandName[]);
	const lines = topic
		? [`Usage: ${CLI} ${topic}${optionSynopsis(topic)}`, '', `  ${COMMANDS[topic].summary}`]
		: ['Bilim operators\' command line', '', `Usage: ${CLI} <command> [options]`, '', 'Commands:'];
	for (const name of names) {
		const command = COMMANDS[name];
		if (!topic) lines.push('', `  ${name.padEnd(13)} ${command.summary}`);
		const options = Object.entries(command.options as Record<string, OptionSpec>);
		if (topic && options.length) lines.push('', 'Options:');
		for (const [option, o] of options) {
			const flag = `--${option} ${o.value}`.padEnd(22);
			lines.push(`      ${flag} ${o.required ? '(required) ' : ''}${o.description}`);
		}
		if (topic) lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
	}
	if (!topic) {
		lines.push('', `  ${'help'.padEnd(13)} This text; \`help <command>\` shows one command with examples.`);
	}
	lines.push(
		'',
		'Database (from the environment):',
		'  DATABASE_URL   postgres://user:password@host:5432/name to use PostgreSQL;',
		'                 when unset, the embedded database in DATA_DIR (default ./data).',
		'',
		'Every command except help and db:status first applies pending migrations.',
		'Exit codes: 0 done, 1 the command failed (e.g. email taken), 2 bad command line.'
	);
	return lines;
}

function optionSynopsis(name: CommandName): string {
	return Object.entries(COMMANDS[name].options as Record<string, OptionSpec>)
		.map(([option, o]) => (o.required ? ` --${option} ${o.value}` : ` [--${option} ${o.value}]`))
		.join('');
}
