import { z } from 'zod';
import {
	CountryField,
	EmailField,
	LocaleField,
	NameField,
	OptionalIdField,
	PasswordField
} from './common';

export const SignUpSchema = z.object({
	name: NameField,
	email: EmailField,
	password: PasswordField,
	country: CountryField,
	organisationId: OptionalIdField,
	locale: LocaleField
});
export type SignUpInput = z.infer<typeof SignUpSchema>;

export const SignInSchema = z.object({
	email: EmailField,
	// Sign-in checks only presence: the length rules are for new passwords.
	password: z.string({ error: 'error_required' }).min(1, { error: 'error_required' }).max(1024, { error: 'error_too_long' })
});

export const ForgotPasswordSchema = z.object({ email: EmailField });

export const ResetPasswordSchema = z
	.object({ token: z.string().max(100), password: PasswordField, confirm: z.string() })
	.refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'error_password_mismatch' });

export const ChangePasswordSchema = z
	.object({
		current: z.string({ error: 'error_required' }).min(1, { error: 'error_required' }).max(1024),
		password: PasswordField,
		confirm: z.string()
	})
	.refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'error_password_mismatch' });

export const ProfileSchema = z.object({
	name: NameField,
	country: CountryField,
	organisationId: OptionalIdField,
	locale: LocaleField
});
export type ProfileInput = z.infer<typeof ProfileSchema>;
