/** A course's own descriptive fields, as the editor, the reader and the exporter select them. */
export const COURSE_METADATA = [
	'course.id',
	'course.slug',
	'course.title',
	'course.summary',
	'course.description',
	'course.language',
	'course.thematicAreas',
	'course.level',
	'course.estimatedHours',
	'course.outcomes',
	'course.licence',
	'course.authors',
	'course.status',
	'course.organisationId',
	'course.access',
	'course.publishedAt',
	'course.updatedAt'
] as const;
