/**
 * The national identity number (NIK): 16 digits. Digits 1-6: province, regency and district of registration;
 * 7-12: birth date DDMMYY with 40 added to the day for women; 13-16: a serial.
 * The NIK is personal data: it is stored only as a keyed hash (for matching) and a masked form.
 */
import { createHmac } from 'node:crypto';

export const NIK_RE = /^\d{16}$/;

export function isNik(value: string): boolean {
  return NIK_RE.test(value);
}

/** `3509********0001`: enough for an auditor to tell records apart, not enough to identify a person. */
export function maskNik(nik: string): string {
  return `${nik.slice(0, 4)}********${nik.slice(12)}`;
}

/** Keyed hash (HMAC-SHA256, hex): equal NIKs match across regencies without the NIK being stored. */
export function hashNik(nik: string, key: string): string {
  return createHmac('sha256', key).update(nik).digest('hex');
}

export interface NikFacts {
  regionDigits: string;
  /** Day of birth as encoded, without the +40 for women. */
  birthDay: number;
  birthMonth: number;
  /** Two-digit year. */
  birthYear2: number;
  gender: 'L' | 'P';
}

/** What the NIK itself says; disagreement with the roster is an anomaly for auditors, not a reason to reject. */
export function decodeNik(nik: string): NikFacts {
  const day = Number(nik.slice(6, 8));
  return {
    regionDigits: nik.slice(0, 6),
    birthDay: day > 40 ? day - 40 : day,
    birthMonth: Number(nik.slice(8, 10)),
    birthYear2: Number(nik.slice(10, 12)),
    gender: day > 40 ? 'P' : 'L',
  };
}

/** Compares what the NIK encodes with the roster's birth date (YYYY-MM-DD) and gender. */
export function nikAgreement(nik: string, birthDate: string, gender: 'L' | 'P'): { birthDate: boolean; gender: boolean } {
  const facts = decodeNik(nik);
  return {
    birthDate:
      facts.birthDay === Number(birthDate.slice(8, 10)) &&
      facts.birthMonth === Number(birthDate.slice(5, 7)) &&
      facts.birthYear2 === Number(birthDate.slice(2, 4)),
    gender: facts.gender === gender,
  };
}
