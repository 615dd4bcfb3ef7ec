import { fail } from '@sveltejs/kit';

/** Room for the multipart framing and the form's other fields around the file. */
const FORM_OVERHEAD = 64 * 1024;

/**
 * Refuses an upload by its declared length, before the body is read into memory (the
 * route checks File.size again after reading, for a request that declared none).
 */
export function declaredTooLarge(request: Request, maxBytes: number, field = 'file') {
	const length = Number(request.headers.get('content-length') ?? 0);
	return length > maxBytes + FORM_OVERHEAD ? tooLarge(maxBytes, field) : undefined;
}

export function tooLarge(maxBytes: number, field = 'file') {
	return fail(413, {
		values: {} as Record<string, string>,
		errors: { [field]: 'error_file_too_large' } as Record<string, string>,
		params: { mb: Math.round(maxBytes / 1024 / 1024) } as Record<string, string | number>
	});
}

export function uploadedFile(form: FormData, name: string): File | undefined {
	const file = form.get(name);
	return file instanceof File && file.size > 0 && file.name !== '' ? file : undefined;
}
