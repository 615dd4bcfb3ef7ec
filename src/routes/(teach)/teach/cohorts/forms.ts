/**
 * A page with many forms: each form sends a hidden `formId`, and the answer's errors and
 * values are shown beside the form that was sent, not in every form on the page.
 */
type Answer = { errors?: unknown; values?: unknown; params?: unknown; done?: unknown } | null | undefined;
type Fields = Record<string, string | undefined>;

export function formsOf(form: Answer) {
	const values = (form?.values ?? {}) as Fields;
	const errors = (form?.errors ?? {}) as Fields;
	const sentBy = values.formId;
	return {
		errorsOf: (formId: string): Fields => (form?.errors && sentBy === formId ? errors : {}),
		valuesOf: (formId: string): Fields | undefined => (form?.errors && sentBy === formId ? values : undefined),
		/** An error from a form that did not name itself (or a rule about the whole page). */
		other: form?.errors && !sentBy ? Object.values(errors).find(Boolean) : undefined,
		params: (form?.params ?? {}) as Record<string, unknown>,
		done: typeof form?.done === 'string' ? form.done : undefined
	};
}
