import { sql } from 'kysely';
import { searchConfig } from '../../courses/taxonomy';
import type { Database } from '../db/connect';

/**
 * Rebuilds a course's search document from its title (weight A), summary and description
 * (B) and every lesson's title and text (C), with the dictionary of the course's language,
 * so Russian stemming finds "водные" for "вода". Call it after any change to the course's
 * text, in the same transaction.
 */
export async function refreshCourseSearch(db: Database, courseId: string) {
	const course = await db.selectFrom('course').select('language').where('id', '=', courseId).executeTakeFirstOrThrow();
	const config = searchConfig(course.language);
	await sql`
		update course set search_document =
			setweight(to_tsvector(${config}::regconfig, title), 'A')
			|| setweight(to_tsvector(${config}::regconfig, summary || ' ' || description), 'B')
			|| setweight(to_tsvector(${config}::regconfig, coalesce((
				select string_agg(l.title || ' ' || coalesce(i.body, ''), ' ')
				from lesson l left join lesson_item i on i.lesson_id = l.id
				where l.course_id = course.id
			), '')), 'C')
		where id = ${courseId}
	`.execute(db);
}
