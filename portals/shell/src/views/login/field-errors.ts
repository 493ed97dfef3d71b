import { reactive, watch } from 'vue';
import { useI18n } from 'vue-i18n';

/** A rule returns null when the value is fine, else the i18n key of the message. */
export type FieldRule = (value: string) => string | null;

/**
 * Field checks of the login forms, as Element Plus' form did them: a field is checked when it
 * loses focus and all are checked on submit; a field showing an error is checked again as the
 * user types. Messages are kept as keys, so they follow the language switch.
 */
export function useFieldErrors<K extends string>(model: Record<K, string>, rules: Partial<Record<K, FieldRule>>) {
  const { t } = useI18n({ useScope: 'global' });
  const errors = reactive({}) as Partial<Record<K, string | null>>;

  function check(field: K): boolean {
    const rule = rules[field];
    errors[field] = rule ? rule(model[field] ?? '') : null;
    return !errors[field];
  }

  // After an input, only a field that already shows an error is checked again.
  for (const field of Object.keys(rules) as K[]) {
    watch(
      () => model[field],
      () => {
        if (errors[field]) check(field);
      },
    );
  }

  return {
    check,
    /** Checks the given fields (default: every field with a rule); true when all are fine. */
    validate(only: readonly K[] = Object.keys(rules) as K[]): boolean {
      return only.map(check).every(Boolean);
    },
    message(field: K): string | null {
      const key = errors[field];
      return key ? t(key) : null;
    },
  };
}
