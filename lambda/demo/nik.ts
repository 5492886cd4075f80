/**
 * Builds NIKs (Nomor Induk Kependudukan) the way Dukcapil issues them:
 * digits 1-6 the province, regency and district of registration, digits 7-12
 * the birth date as DDMMYY with 40 added to the day for women, digits 13-16 a
 * serial. Demo data only: the numbers are structurally valid, not real.
 */
import { dayParts } from './calendar.js';

export type Gender = 'L' | 'P';

/** Digits 7-12 of a NIK for a birth day number and a gender. */
export function nikBirthDigits(birthDay: number, gender: Gender): string {
  const { year, month, dayOfMonth } = dayParts(birthDay);
  const day = gender === 'P' ? dayOfMonth + 40 : dayOfMonth;
  return pad2(day) + pad2(month) + pad2(year % 100);
}

/** A 16-digit NIK. `regencyCode` is dotted (`35.09`), `district` 1-99, `serial` 1-9999. */
export function buildNik(regencyCode: string, district: number, birthDigits: string, serial: number): string {
  return regencyCode.replace('.', '') + pad2(district) + birthDigits + String(serial).padStart(4, '0');
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
