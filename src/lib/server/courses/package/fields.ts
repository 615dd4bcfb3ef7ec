/** Checks shared by the files of a course package; messages are for authors and say what to fix. */

export type Report = (file: string, message: string, line?: number) => void;
export type Bad = (key: string, message: string, index?: number) => void;

export const quote = (v: unknown) => JSON.stringify(v);
export const list = (values: readonly string[]) => values.join(', ');

export function requiredText(value: unknown, key: string, max: number, bad: Bad) {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
		bad(key, `missing field ${quote(key)}`);
		return undefined;
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		bad(key, `${key} must be text`);
		return undefined;
	}
	const text = String(value).trim();
	if (text.length > max) bad(key, `${key} is ${text.length} characters, over the limit of ${max}`);
	return text;
}

export function optionalText(value: unknown, key: string, max: number, bad: Bad) {
	if (value === undefined || value === null) return '';
	return requiredText(value, key, max, bad) ?? '';
}

export function stringList(value: unknown, key: string, max: number, bad: Bad, required: boolean): string[] {
	if (value === undefined) {
		if (required) bad(key, `missing field ${quote(key)}: a list with at least one entry`);
		return [];
	}
	if (!Array.isArray(value) || (required && value.length === 0)) {
		bad(key, `${key} must be a list${required ? ' with at least one entry' : ''}`);
		return [];
	}
	const out: string[] = [];
	value.forEach((item, i) => {
		if (typeof item !== 'string' || !item.trim()) bad(key, `entry ${i + 1} of ${key} must be text`, i);
		else if (item.length > max) bad(key, `entry ${i + 1} of ${key} is over ${max} characters`, i);
		else out.push(item.trim());
	});
	return out;
}

/** Estimated minutes of a lesson: a whole number from 0 to 6000. */
export function checkMinutes(value: unknown, bad: Bad, fallback: number): number {
	const minutes = value ?? fallback;
	if (!Number.isInteger(minutes) || (minutes as number) < 0 || (minutes as number) > 6000) {
		bad('minutes', `minutes must be a whole number from 0 to 6000, not ${quote(minutes)}`);
		return fallback;
	}
	return minutes as number;
}

export function checkRequired(value: unknown, bad: Bad): boolean {
	const required = value ?? true;
	if (typeof required !== 'boolean') {
		bad('required', `required must be true or false, not ${quote(required)}`);
		return true;
	}
	return required;
}
