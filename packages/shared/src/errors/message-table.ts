/** One domain's error codes: each with its Chinese message (shown to people) and its English one. */
export type ErrorMessageTable = Readonly<Record<string, { readonly zh: string; readonly en: string }>>;
