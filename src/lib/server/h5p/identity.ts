/**
 * Who and what an H5P activity's xAPI statements are about (docs/h5p.md). Content code never
 * gets a learner's real email: the actor's mail is made from their user id. The activity's
 * IRI is per lesson (a lesson whose package is replaced keeps its IRI).
 */
export const actorMail = (userId: string) => `${userId}@users.bilim.invalid`;
export const activityIri = (origin: string, lessonId: string) => `${origin}/h5p/activity/${lessonId}`;
