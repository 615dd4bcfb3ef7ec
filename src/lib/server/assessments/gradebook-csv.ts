import * as m from '../../paraglide/messages.js';
import { utcToZonedLocal } from '../../datetime';
import type { Database } from '../db/connect';
import type { Cohort, Locale } from '../db/schema';
import { toCsv } from '../csv';
import { gradebook, type GradeStatus, type GradebookOptions } from './gradebook';

/**
 * The gradebook as CSV (csv.ts: UTF-8 with a BOM so spreadsheets keep Cyrillic names, CRLF,
 * quoting, formulas neutralised), every learner the filters keep (no pages), in the
 * downloader's language, times in the cohort's zone as 'YYYY-MM-DD HH:mm'. Per item two
 * columns: the percent that counts (a number) and the status.
 */

export function gradeStatusName(status: GradeStatus, locale: Locale): string {
	const o = { locale };
	const names: Record<GradeStatus, () => string> = {
		not_started: () => m.gradebook_status_not_started({}, o),
		in_progress: () => m.gradebook_status_in_progress({}, o),
		submitted: () => m.gradebook_status_submitted({}, o),
		graded: () => m.gradebook_status_graded({}, o),
		passed: () => m.gradebook_status_passed({}, o),
		failed: () => m.gradebook_status_failed({}, o),
		overridden: () => m.gradebook_status_overridden({}, o)
	};
	return names[status]();
}

export async function gradebookCsv(
	db: Database,
	cohort: Pick<Cohort, 'id' | 'courseId' | 'timeZone'>,
	locale: Locale,
	options: Omit<GradebookOptions, 'page' | 'pageSize'>
): Promise<string> {
	const book = await gradebook(db, cohort, { ...options, pageSize: null });
	const o = { locale };
	const zone = cohort.timeZone;
	const time = (d: Date | null) => (d ? utcToZonedLocal(d, zone).replace('T', ' ') : '');
	return toCsv(
		[
			m.gradebook_csv_name({}, o),
			m.gradebook_csv_email({}, o),
			...book.items.flatMap((i) => [m.gradebook_csv_percent({ item: i.title }, o), m.gradebook_csv_status({ item: i.title }, o)]),
			m.gradebook_csv_lessons_done({}, o),
			m.gradebook_csv_lessons_total({}, o),
			m.gradebook_csv_last_activity({ zone }, o),
			m.gradebook_csv_at_risk({}, o),
			m.gradebook_csv_completed_at({ zone }, o),
			m.gradebook_csv_final_grade({}, o),
			m.gradebook_csv_current_grade({}, o)
		],
		book.rows.map((r) => [
			r.name,
			r.email,
			...book.items.flatMap((i) => {
				const cell = r.cells[i.lessonId]!;
				return [cell.percent, gradeStatusName(cell.status, locale)];
			}),
			r.lessonsCompleted,
			book.lessonsTotal,
			time(r.lastActivityAt),
			r.atRisk ? m.gradebook_csv_yes({}, o) : '',
			time(r.completedAt),
			r.finalGrade,
			r.currentGrade
		])
	);
}
