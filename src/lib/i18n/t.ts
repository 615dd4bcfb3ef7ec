import {
	error_account_deactivated,
	error_cannot_change_own_role,
	error_cannot_deactivate_self,
	error_confirm_delete,
	error_country_unknown,
	error_course_not_found,
	error_course_package_invalid,
	error_current_password_wrong,
	error_email_invalid,
	error_email_taken,
	error_file_content,
	error_file_empty,
	error_file_not_found,
	error_file_too_large,
	error_file_type,
	error_forbidden,
	error_invalid,
	error_invalid_credentials,
	error_locale_unknown,
	error_mail_not_found,
	error_not_found,
	error_organisation_name_taken,
	error_organisation_not_found,
	error_organisation_type_unknown,
	error_organisation_unknown,
	error_page_not_found,
	error_password_mismatch,
	error_password_too_long,
	error_password_too_short,
	error_password_too_weak,
	error_rate_limited,
	error_required,
	error_reset_token_invalid,
	error_role_unknown,
	error_too_long,
	error_unexpected,
	error_user_not_found
} from '$lib/paraglide/messages.js';

type Message = (params?: Record<string, unknown>) => string;

/**
 * The messages that travel as keys (form errors, App.Error.message), listed one by one so
 * the browser bundle carries these and not every message of the site. A unit test fails
 * when the code sends a key that is missing here.
 */
export const ERROR_MESSAGES: Record<string, Message> = {
	error_account_deactivated,
	error_cannot_change_own_role,
	error_cannot_deactivate_self,
	error_confirm_delete,
	error_country_unknown,
	error_course_not_found,
	error_course_package_invalid,
	error_current_password_wrong,
	error_email_invalid,
	error_email_taken,
	error_file_content,
	error_file_empty,
	error_file_not_found,
	error_file_too_large,
	error_file_type,
	error_forbidden,
	error_invalid,
	error_invalid_credentials,
	error_locale_unknown,
	error_mail_not_found,
	error_not_found,
	error_organisation_name_taken,
	error_organisation_not_found,
	error_organisation_type_unknown,
	error_organisation_unknown,
	error_page_not_found,
	error_password_mismatch,
	error_password_too_long,
	error_password_too_short,
	error_password_too_weak,
	error_rate_limited,
	error_required,
	error_reset_token_invalid,
	error_role_unknown,
	error_too_long,
	error_unexpected,
	error_user_not_found
} as unknown as Record<string, Message>;

/** Looks up an error message by key; an unknown key gives a generic sentence, never the key. */
export function t(key: string | undefined | null, params: Record<string, unknown> = {}): string {
	const message = key ? ERROR_MESSAGES[key] : undefined;
	return (message ?? error_invalid)(params as never);
}

export function hasMessage(key: string): boolean {
	return key in ERROR_MESSAGES;
}
