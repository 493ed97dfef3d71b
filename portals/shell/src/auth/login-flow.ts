import { computed, ref, shallowRef } from 'vue';
import { GraphQLRequestError } from '../api/graphql';
import { i18n } from '../i18n';
import { preloadElementPlus } from '../ui/element-plus';
import { notify } from '../ui/notify';
import * as authApi from './auth-api';
import { CertificateError, normalizeCertificatePem, signChallenge, type CertificateErrorCode } from './certificate';
import { setToken } from './token';
import type { CertificateChallenge, LoginResult } from './types';

export type LoginStep = 'password' | 'certificate' | 'change-password';

const CERT_MESSAGES: Record<CertificateErrorCode, string> = {
  NO_WEBCRYPTO: 'cert.noWebCrypto',
  CERT_FORMAT: 'cert.certFormat',
  KEY_FORMAT: 'cert.keyFormat',
  KEY_IMPORT: 'cert.keyImport',
  KEY_UNSUPPORTED: 'cert.keyUnsupported',
};

/**
 * The sign-in state machine: password → (education CA certificate) → (new password) → OK.
 * `onSignedIn` receives the final token.
 */
export function useLoginFlow(onSignedIn: (token: string) => Promise<void>) {
  const step = ref<LoginStep>('password');
  const challenge = shallowRef<CertificateChallenge | null>(null);
  const busy = ref(false);
  // Kept in memory only, to prove the current password again when a change is required.
  const enteredPassword = ref<string | null>(null);
  const username = ref<string | null>(null);
  const needsCurrentPassword = computed(() => enteredPassword.value === null);

  async function handle(result: LoginResult): Promise<void> {
    switch (result.status) {
      case 'OK':
        if (!result.token) throw new Error('LoginResult OK without a token');
        enteredPassword.value = null;
        await onSignedIn(result.token);
        return;
      case 'CERTIFICATE_REQUIRED':
        challenge.value = result.challenge;
        step.value = 'certificate';
        return;
      case 'PASSWORD_CHANGE_REQUIRED':
        // This token only allows changing the password.
        if (result.token) setToken(result.token);
        step.value = 'change-password';
        return;
      default: {
        const unknown: never = result.status;
        throw new Error(`Unknown login status ${String(unknown)}`);
      }
    }
  }

  async function run(action: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    try {
      await action();
    } catch (error) {
      if (error instanceof CertificateError) {
        notify('error', i18n.global.t(CERT_MESSAGES[error.code], { type: error.keyType ?? '' }));
      } else if (!(error instanceof GraphQLRequestError)) {
        // GraphQL errors were already shown by the client; anything else is a bug.
        console.error(error);
        notify('error', i18n.global.t('errors.server'));
      }
    } finally {
      busy.value = false;
    }
  }

  const submitPassword = (name: string, password: string) =>
    run(async () => {
      // The layout follows a successful sign-in: fetch its Element Plus while the gateway answers.
      preloadElementPlus();
      const result = await authApi.login(name.trim(), password);
      enteredPassword.value = password;
      username.value = name.trim();
      await handle(result);
    });

  const submitCertificate = (certificateText: string, privateKeyText: string) =>
    run(async () => {
      const current = challenge.value;
      if (!current) return restart();
      const certificatePem = normalizeCertificatePem(certificateText);
      const signature = await signChallenge(privateKeyText, current);
      await handle(await authApi.completeCertificateLogin(current.id, certificatePem, signature));
    });

  const submitNewPassword = (newPassword: string, currentPassword?: string) =>
    run(async () => {
      const current = currentPassword ?? enteredPassword.value ?? '';
      await handle(await authApi.changePassword(current, newPassword));
    });

  /** Entered from a session that still has to change its password (e.g. after a reload). */
  function startPasswordChange(knownUsername: string | null): void {
    enteredPassword.value = null;
    username.value = knownUsername;
    step.value = 'change-password';
  }

  function restart(): void {
    step.value = 'password';
    challenge.value = null;
    enteredPassword.value = null;
    username.value = null;
  }

  return {
    step,
    username,
    challenge,
    busy,
    needsCurrentPassword,
    submitPassword,
    submitCertificate,
    submitNewPassword,
    startPasswordChange,
    restart,
  };
}
