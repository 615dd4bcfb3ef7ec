import { describe, expect, it } from 'vitest';
import {
	dayInZone,
	formatDay,
	isValidDate,
	isValidTimeZone,
	utcToZonedLocal,
	zoneLabel,
	zonedLocalToUtc
} from '../../../src/lib/datetime';

describe('times in a cohort time zone', () => {
	it('reads a datetime-local value as wall-clock time in the zone', () => {
		expect(zonedLocalToUtc('2026-03-01T10:00', 'Asia/Almaty')?.toISOString()).toBe('2026-03-01T05:00:00.000Z');
		expect(zonedLocalToUtc('2026-03-01T10:00', 'Asia/Kabul')?.toISOString()).toBe('2026-03-01T05:30:00.000Z');
		expect(zonedLocalToUtc('2026-03-01T10:00', 'UTC')?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
	});

	it('round-trips through the input value', () => {
		for (const zone of ['Asia/Almaty', 'Asia/Dushanbe', 'Asia/Kabul', 'Europe/Berlin', 'America/New_York']) {
			const instant = zonedLocalToUtc('2026-07-15T09:30', zone);
			expect(utcToZonedLocal(instant, zone)).toBe('2026-07-15T09:30');
		}
	});

	it('handles daylight-saving changes: a skipped hour moves forward, a repeated one is taken once', () => {
		expect(zonedLocalToUtc('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(zonedLocalToUtc('2026-03-29T03:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(zonedLocalToUtc('2026-10-25T02:30', 'Europe/Berlin')).not.toBeNull();
	});

	it('refuses text that is not a time, and unknown zones', () => {
		for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01 10:00', '2026-01-01T10:00:00']) {
			expect(zonedLocalToUtc(bad, 'Asia/Almaty'), bad).toBeNull();
		}
		expect(zonedLocalToUtc('2026-01-01T10:00', 'Mars/Olympus')).toBeNull();
		expect(isValidTimeZone('Asia/Almaty')).toBe(true);
		expect(isValidTimeZone('Asia/Nowhere')).toBe(false);
		expect(isValidTimeZone('')).toBe(false);
	});

	it('validates calendar dates', () => {
		expect(isValidDate('2028-02-29')).toBe(true);
		expect(isValidDate('2026-02-29')).toBe(false);
		expect(isValidDate('2026-1-01')).toBe(false);
	});

	it('names the day of an instant in the zone, which may differ from UTC', () => {
		expect(dayInZone(new Date('2026-03-01T20:00:00Z'), 'Asia/Almaty')).toBe('2026-03-02');
		expect(dayInZone(new Date('2026-03-01T20:00:00Z'), 'UTC')).toBe('2026-03-01');
	});

	it('formats days in the reader language without shifting them', () => {
		expect(formatDay('2026-03-01', 'en-GB')).toBe('1 Mar 2026');
		expect(formatDay('2026-03-01', 'ru')).toMatch(/^1 мар/);
	});

	it('labels the zone with its offset', () => {
		expect(zoneLabel('Asia/Almaty', new Date('2026-06-01T00:00:00Z'))).toBe('Asia/Almaty (UTC+05:00)');
		expect(zoneLabel('Asia/Kabul', new Date('2026-06-01T00:00:00Z'))).toBe('Asia/Kabul (UTC+04:30)');
	});
});
