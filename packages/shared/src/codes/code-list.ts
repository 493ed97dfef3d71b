/** One entry of a code list. `parent` is a code of the same list or of a list it groups under. */
export interface CodeItem {
  code: string;
  name: string;
  nameEn?: string;
  parent?: string;
  /** Kept so historic data still reads; not offered for new data. */
  deprecated?: boolean;
  /** List-specific attributes, e.g. the level of a professional title. */
  extra?: Record<string, string>;
}

/**
 * A code list as versioned data. Codes follow the named national standard where one
 * exists; otherwise they are stable English codes owned by this system.
 */
export interface CodeList {
  id: string;
  name: string;
  nameEn: string;
  standard?: string;
  /** Bump when items change so stored data can say which list it was coded against. */
  version: string;
  items: readonly CodeItem[];
}
