import { db } from '$lib/server/db';
import { InvitationIdSchema, InvitationSchema } from '$lib/schemas/cohort-admin';
import { createInvitation, invitationState, listInvitations, revokeInvitation } from '$lib/server/cohorts/invitations';
import { cohortAction, loadManagedCohort } from '../../cohort-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	const now = new Date();
	const invitations = await listInvitations(db, cohort.id);
	return {
		cohort: {
			slug: cohort.slug,
			name: cohort.name,
			timeZone: cohort.timeZone,
			enrolmentMode: cohort.enrolmentMode,
			status: cohort.status,
			enrolOpensAt: cohort.enrolOpensAt,
			enrolClosesAt: cohort.enrolClosesAt
		},
		origin: event.url.origin,
		invitations: invitations.map((i) => ({ ...i, state: invitationState(i, now) }))
	};
};

export const actions = {
	invite: cohortAction(InvitationSchema, 'invitationCreated', (trx, user, slug, input) =>
		createInvitation(trx, user, slug, input, new Date())
	),
	revoke: cohortAction(InvitationIdSchema, 'invitationRevoked', (trx, user, slug, input) =>
		revokeInvitation(trx, user, slug, input.invitationId, new Date())
	)
} satisfies Actions;
