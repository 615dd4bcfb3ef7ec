import * as m from '$lib/paraglide/messages.js';

/** The question builder's names of the seven question types, in the reader's language. */
const TYPE_NAMES: Record<string, () => string> = {
	single_choice: m.builder_type_single_choice,
	multiple_response: m.builder_type_multiple_response,
	true_false: m.builder_type_true_false,
	short_answer: m.builder_type_short_answer,
	numeric: m.builder_type_numeric,
	matching: m.builder_type_matching,
	ordering: m.builder_type_ordering
};

export const questionTypeName = (type: string) => (TYPE_NAMES[type] ?? (() => type))();
export const QUESTION_TYPE_OPTIONS = () => Object.keys(TYPE_NAMES).map((value) => ({ value, label: questionTypeName(value) }));
