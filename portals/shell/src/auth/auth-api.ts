import { gql, type RequestOptions } from '../api/graphql';
import type { LoginResult, Me, PortalModule } from './types';

const LOGIN_RESULT = 'status token expiresAt challenge { id nonce expiresAt }';

export async function login(username: string, password: string): Promise<LoginResult> {
  const data = await gql<{ login: LoginResult }>(
    `mutation Login($username: String!, $password: String!) {
      login(username: $username, password: $password) { ${LOGIN_RESULT} }
    }`,
    { username, password },
  );
  return data.login;
}

export async function completeCertificateLogin(
  challengeId: string,
  certificatePem: string,
  signature: string,
): Promise<LoginResult> {
  const data = await gql<{ completeCertificateLogin: LoginResult }>(
    `mutation CompleteCertificateLogin($challengeId: ID!, $certificatePem: String!, $signature: String!) {
      completeCertificateLogin(challengeId: $challengeId, certificatePem: $certificatePem, signature: $signature) { ${LOGIN_RESULT} }
    }`,
    { challengeId, certificatePem, signature },
  );
  return data.completeCertificateLogin;
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<LoginResult> {
  const data = await gql<{ changePassword: LoginResult }>(
    `mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
      changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { ${LOGIN_RESULT} }
    }`,
    { currentPassword, newPassword },
  );
  return data.changePassword;
}

export async function logout(): Promise<void> {
  await gql<{ logout: boolean }>('mutation Logout { logout }', {}, { silent: true });
}

export interface SessionData {
  me: Me;
  myAbilities: unknown;
}

export async function fetchSession(options?: RequestOptions): Promise<SessionData> {
  return gql<SessionData>(
    `query Session {
      me { id username realName role mustChangePassword authMethod unit { id code name level path } }
      myAbilities
    }`,
    {},
    options,
  );
}

export async function fetchPortalModules(): Promise<PortalModule[]> {
  const data = await gql<{ portalModules: PortalModule[] }>(
    `query PortalModules {
      portalModules { name title titleEn remoteEntry exposedModule routePath icon requiredAction requiredSubject }
    }`,
    {},
    { silent: true },
  );
  return data.portalModules;
}
