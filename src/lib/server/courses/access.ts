import type { Role } from '../db/schema';

/** Who may do what with a course: the one place these rules live. */

export interface Actor {
	id: string;
	role: Role;
	organisationId: string | null;
}
export interface CourseOwnership {
	status: string;
	organisationId: string | null;
}

/** Admins edit every course; authors edit the courses of their own organisation. */
export function canEditCourse(actor: Actor | null | undefined, course: CourseOwnership): boolean {
	if (!actor) return false;
	if (actor.role === 'admin') return true;
	return actor.role === 'author' && actor.organisationId !== null && actor.organisationId === course.organisationId;
}

/** Published courses are public; drafts and archived courses only for those who edit them. */
export function canReadCourse(actor: Actor | null | undefined, course: CourseOwnership): boolean {
	return course.status === 'published' || canEditCourse(actor, course);
}

/** Authors need an organisation to own what they create; admins may create for any. */
export function canCreateCourse(actor: Actor | null | undefined): boolean {
	if (!actor) return false;
	return actor.role === 'admin' || (actor.role === 'author' && actor.organisationId !== null);
}
