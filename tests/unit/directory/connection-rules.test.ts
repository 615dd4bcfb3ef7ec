import { describe, expect, it } from 'vitest';
import { ConnectionIdSchema, ConnectionRequestSchema, DeleteAccountSchema, PersonIdSchema } from '../../../src/lib/schemas/connections';
import { acceptedMail, requestMail } from '../../../src/lib/server/directory/connections';

/** The forms' rules and the connection mail, without a database. */

const ID = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

describe('the request form', () => {
	it('takes a person and an optional message of at most 500 characters, trimmed', () => {
		expect(ConnectionRequestSchema.parse({ toId: ID })).toEqual({ toId: ID, message: '' });
		expect(ConnectionRequestSchema.parse({ toId: ` ${ID} `, message: '  Salam!  ' })).toEqual({ toId: ID, message: 'Salam!' });
		expect(ConnectionRequestSchema.safeParse({ toId: ID, message: 'я'.repeat(500) }).success).toBe(true);
	});

	it('refuses a long message and a forged person with a clear message', () => {
		const long = ConnectionRequestSchema.safeParse({ toId: ID, message: 'x'.repeat(501) });
		expect(long.error?.issues[0]?.message).toBe('error_conn_message_too_long');
		for (const toId of ['', 'admin', "' or 1=1 --", undefined]) {
			expect(ConnectionRequestSchema.safeParse({ toId }).error?.issues[0]?.message).toBe('error_conn_not_found');
		}
		expect(ConnectionIdSchema.safeParse({ id: 'nope' }).error?.issues[0]?.message).toBe('error_conn_request_not_found');
		expect(PersonIdSchema.safeParse({ userId: '1' }).error?.issues[0]?.message).toBe('error_conn_not_found');
	});

	it('asks for the password to delete an account', () => {
		expect(DeleteAccountSchema.safeParse({ password: '' }).error?.issues[0]?.message).toBe('error_required');
		expect(DeleteAccountSchema.parse({ password: ' with spaces ' })).toEqual({ password: ' with spaces ' });
	});
});

describe('connection mail', () => {
	const to = { id: ID, email: 'timur@example.org', locale: 'ru' as const, name: 'Тимур' };
	const by = { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', email: 'aziza@example.org', locale: 'en' as const, name: 'Aziza' };

	it("is written in the recipient's language and links to where the request is answered", () => {
		const mail = requestMail(to, 'Aziza', 'https://bilim.example.org');
		expect(mail).toMatchObject({ kind: 'connection_request', to: { address: 'timur@example.org', locale: 'ru' } });
		expect(mail.subject).toBe('Aziza предлагает вам связь в Билим');
		expect(mail.bodyText).toMatch(/^Здравствуйте|Тимур/);
		expect(mail.bodyText).toContain('https://bilim.example.org/directory/connections');
		const english = requestMail({ ...to, locale: 'en' }, 'Aziza', 'https://bilim.example.org');
		expect(english.subject).toBe('Aziza would like to connect with you on Bilim');
	});

	it('names the person who accepted and links to their profile, with no email address of theirs', () => {
		const mail = acceptedMail({ ...to, locale: 'en' }, by, 'https://bilim.example.org');
		expect(mail.subject).toBe('Aziza accepted your connection request');
		expect(mail.bodyText).toContain(`https://bilim.example.org/directory/people/${by.id}`);
		expect(mail.bodyText).not.toContain(by.email);
	});
});
