import { describe, expect, it } from 'vitest';
import { checkPhoto, sniffImage } from '../../../src/lib/server/directory/profile-photo';
import { ValidationError } from '../../../src/lib/server/errors';
import { jpegHeader, padded, pngHeader, webpExtendedHeader, webpLossyHeader } from './profile-images';

const refusal = (bytes: Uint8Array) => {
	try {
		checkPhoto(bytes);
	} catch (e) {
		expect(e).toBeInstanceOf(ValidationError);
		return { field: (e as ValidationError).field, message: (e as ValidationError).message };
	}
	return null;
};

describe('reading an image header', () => {
	it('knows PNG, JPEG and WebP by their bytes, with their dimensions', () => {
		expect(sniffImage(pngHeader(640, 480))).toEqual({ type: 'image/png', width: 640, height: 480 });
		expect(sniffImage(jpegHeader(1024, 768))).toEqual({ type: 'image/jpeg', width: 1024, height: 768 });
		expect(sniffImage(webpLossyHeader(300, 200))).toEqual({ type: 'image/webp', width: 300, height: 200 });
		expect(sniffImage(webpExtendedHeader(5000, 10))).toEqual({ type: 'image/webp', width: 5000, height: 10 });
	});

	it('knows nothing else, whatever the file claims to be', () => {
		const enc = (s: string) => new TextEncoder().encode(s);
		expect(sniffImage(enc('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
		expect(sniffImage(enc('<html><script>alert(1)</script></html>'))).toBeNull();
		expect(sniffImage(enc('GIF89a\x01\x00\x01\x00'))).toBeNull();
		expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff]))).toBeNull();
		expect(sniffImage(pngHeader(10, 10).subarray(0, 20))).toBeNull();
	});
});

describe('checking an upload', () => {
	it('accepts a photo within the limits', () => {
		expect(checkPhoto(padded(jpegHeader(4000, 4000), 2 * 1024 * 1024))).toMatchObject({ type: 'image/jpeg' });
	});

	it('refuses an empty, oversized, non-image or too large image, on the photo field', () => {
		expect(refusal(new Uint8Array())).toEqual({ field: 'photo', message: 'error_dir_profile_photo_empty' });
		expect(refusal(padded(pngHeader(100, 100), 2 * 1024 * 1024 + 1))).toEqual({ field: 'photo', message: 'error_dir_profile_photo_too_large' });
		expect(refusal(new TextEncoder().encode('<script>alert(1)</script>'))).toEqual({ field: 'photo', message: 'error_dir_profile_photo_type' });
		expect(refusal(pngHeader(4001, 100))).toEqual({ field: 'photo', message: 'error_dir_profile_photo_dimensions' });
		expect(refusal(webpExtendedHeader(100, 4001))).toEqual({ field: 'photo', message: 'error_dir_profile_photo_dimensions' });
		expect(refusal(pngHeader(0, 100))).toEqual({ field: 'photo', message: 'error_dir_profile_photo_dimensions' });
	});
});
