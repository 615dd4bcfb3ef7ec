import * as m from '$lib/paraglide/messages.js';

export const organisationTypes = [
	{ value: 'cso', label: m.org_type_cso },
	{ value: 'university', label: m.org_type_university },
	{ value: 'training_centre', label: m.org_type_training_centre },
	{ value: 'government', label: m.org_type_government },
	{ value: 'international', label: m.org_type_international },
	{ value: 'business', label: m.org_type_business }
] as const;

export const organisationTypeName = (type: string) =>
	organisationTypes.find((t) => t.value === type)?.label() ?? type;
