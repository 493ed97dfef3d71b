// The GB/T 2260 province list of @tmis/shared, by subpath: the root import would pull the CASL
// rule builder into the remote.
import { provinces, type Province } from '@tmis/shared/units';

export type { Province };
export { provinces };

/** The province's name in the UI language; the bare code for one the list does not know. */
export function provinceName(code: string | null | undefined, locale: string): string {
  if (!code) return '';
  const p = provinces.find((x) => x.code === code);
  if (!p) return code;
  return locale === 'en' ? p.nameEn : p.name;
}

export function isProvinceCode(code: string): boolean {
  return provinces.some((p) => p.code === code);
}
