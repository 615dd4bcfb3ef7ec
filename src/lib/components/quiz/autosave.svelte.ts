import { deserialize } from '$app/forms';

/**
 * Autosave of a quiz attempt's answers, with JavaScript: a change of an answer is posted to
 * the form's existing save action (the same request `enhance` makes: the form's data and
 * `x-sveltekit-action: true`), so the server's checks (owner, deadline, already submitted)
 * are the ones the Save button goes through. Without JavaScript none of this runs and the
 * Save button does the same.
 *
 * - Debounced: the answers are sent `delayMs` after the last change, and at once when the
 *   page is hidden (another tab, the phone locked), with `keepalive` so the request outlives
 *   a closing page.
 * - One request at a time: changes made while one is on its way are sent, all together, when
 *   it returns. A slow connection never holds a queue of stale copies.
 * - Stops for good when the server says the attempt no longer takes answers (it redirects:
 *   submitted, or graded at its deadline: the server's clock decides, as for the Save button),
 *   and once the learner submits.
 */

export type AutosaveState =
	| { kind: 'idle' }
	| { kind: 'saving' }
	| { kind: 'saved'; at: Date }
	/** `message`: a message key (error_…), or null when the server could not be reached */
	| { kind: 'failed'; message: string | null; params?: Record<string, unknown> }
	/** the attempt takes no more answers; `notice` is the reason the server gave (time_up, already_submitted) */
	| { kind: 'closed'; notice: string | null; location: string };

export interface AutosaveOptions {
	delayMs?: number;
}

export class Autosave {
	state = $state<AutosaveState>({ kind: 'idle' });
	#form: HTMLFormElement | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#inFlight = false;
	/** answers changed since the last request started */
	#dirty = false;
	#stopped = false;
	#delay: number;

	constructor(options: AutosaveOptions = {}) {
		this.#delay = options.delayMs ?? 1500;
	}

	/** A Svelte action for the attempt's form. */
	attach = (form: HTMLFormElement) => {
		this.#form = form;
		const changed = (event: Event) => {
			// the confirmation box of the submit step is not an answer
			if ((event.target as HTMLInputElement | null)?.name === 'confirm') return;
			this.#dirty = true;
			this.#schedule();
		};
		const submitted = () => {
			// The learner's own Save or Submit carries the same answers; after a submit there is nothing to save.
			clearTimeout(this.#timer);
			this.#dirty = false;
		};
		const hidden = () => {
			if (document.visibilityState === 'hidden' && this.#dirty) this.#flush(true);
		};
		form.addEventListener('input', changed);
		form.addEventListener('change', changed);
		form.addEventListener('submit', submitted);
		document.addEventListener('visibilitychange', hidden);
		return {
			destroy: () => {
				clearTimeout(this.#timer);
				form.removeEventListener('input', changed);
				form.removeEventListener('change', changed);
				form.removeEventListener('submit', submitted);
				document.removeEventListener('visibilitychange', hidden);
				this.#form = null;
			}
		};
	};

	#schedule() {
		clearTimeout(this.#timer);
		if (this.#stopped) return;
		this.#timer = setTimeout(() => this.#flush(false), this.#delay);
	}

	async #flush(leaving: boolean) {
		clearTimeout(this.#timer);
		const form = this.#form;
		if (!form || this.#stopped || !this.#dirty) return;
		// One at a time: whatever changes meanwhile goes in the next request, when this one returns.
		if (this.#inFlight) return;
		this.#inFlight = true;
		this.#dirty = false;
		this.state = { kind: 'saving' };
		try {
			const response = await fetch(form.action, {
				method: 'POST',
				body: new FormData(form),
				headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
				cache: 'no-store',
				keepalive: leaving
			});
			const result = deserialize(await response.text());
			if (result.type === 'success') {
				const saved = (result.data as { saved?: Date | string } | undefined)?.saved;
				this.state = { kind: 'saved', at: saved ? new Date(saved) : new Date() };
			} else if (result.type === 'redirect') {
				this.#stopped = true;
				const notice = new URL(result.location, location.href).searchParams.get('notice');
				this.state = { kind: 'closed', notice, location: result.location };
			} else if (result.type === 'failure') {
				const data = result.data as { errors?: Record<string, string>; params?: Record<string, unknown> } | undefined;
				this.state = { kind: 'failed', message: data?.errors?.form ?? 'error_unexpected', params: data?.params };
			} else {
				const message = (result.error as { message?: string } | undefined)?.message;
				this.state = { kind: 'failed', message: message ?? 'error_unexpected' };
			}
		} catch {
			// offline, or the connection dropped: try again with the next change
			this.#dirty = true;
			this.state = { kind: 'failed', message: null };
		} finally {
			this.#inFlight = false;
		}
		// Changed while the request was on its way: send the latest answers now.
		if (this.#dirty && !this.#stopped && this.state.kind !== 'failed') this.#flush(false);
	}
}
