import { useI18n } from 'vue-i18n';

/** Labels for codes from the server; an unknown code is shown as it is. */
export function useCodeLabels() {
  const { t, te } = useI18n({ useScope: 'global' });
  const label = (prefix: string, code: string | null | undefined) =>
    code ? (te(`${prefix}.${code}`) ? t(`${prefix}.${code}`) : code) : '';
  return {
    roleLabel: (role: string | null | undefined) => label('roles', role),
    levelLabel: (level: string | null | undefined) => label('unitLevels', level),
    // The gateway says `password` or `password+certificate`.
    authMethodLabel: (method: string | null | undefined) =>
      label('home.authMethods', method?.includes('certificate') ? 'certificate' : method),
  };
}
