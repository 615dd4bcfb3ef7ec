import type { Migration } from 'kysely';
import * as m01 from './20261127_01_organisation';
import * as m02 from './20261127_02_app_user';
import * as m03 from './20261127_03_user_session';
import * as m04 from './20261127_04_password_reset';
import * as m05 from './20261127_05_rate_limit';
import * as m06 from './20261127_06_mail_outbox';
import * as m07 from './20261127_07_course';
import * as m08 from './20261127_08_course_module_lesson';
import * as m09 from './20261127_09_asset';
import * as m10 from './20261127_10_lesson_revision';
import * as m11 from './20261127_11_content_version';
import * as m12 from './20261127_12_cohort';
import * as m13 from './20261127_13_application_review';
import * as m14 from './20261127_14_course_access';
import * as m15 from './20261127_15_data_version';
import * as m16 from './20261127_16_progress_assessment';
import * as m17 from './20261127_17_h5p';
import * as m18 from './20261128_18_certificates';
import * as m19 from './20261128_19_directory';
import * as m21 from './20261128_21_directory_facets';

/**
 * Every migration, by name. Listed by hand (not globbed) so the same list works in the
 * bundled server, in the CLI run by tsx and in tests; a unit test checks that every file
 * in this folder is listed here.
 */
export const migrations: Record<string, Migration> = {
	'20261127_01_organisation': m01,
	'20261127_02_app_user': m02,
	'20261127_03_user_session': m03,
	'20261127_04_password_reset': m04,
	'20261127_05_rate_limit': m05,
	'20261127_06_mail_outbox': m06,
	'20261127_07_course': m07,
	'20261127_08_course_module_lesson': m08,
	'20261127_09_asset': m09,
	'20261127_10_lesson_revision': m10,
	'20261127_11_content_version': m11,
	'20261127_12_cohort': m12,
	'20261127_13_application_review': m13,
	'20261127_14_course_access': m14,
	'20261127_15_data_version': m15,
	'20261127_16_progress_assessment': m16,
	'20261127_17_h5p': m17,
	'20261128_18_certificates': m18,
	'20261128_19_directory': m19,
	'20261128_21_directory_facets': m21
};
