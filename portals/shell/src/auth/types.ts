// Mirrors the gateway's GraphQL contract for sign-in and the session.

export type LoginStatus = 'OK' | 'PASSWORD_CHANGE_REQUIRED' | 'CERTIFICATE_REQUIRED';

export interface CertificateChallenge {
  id: string;
  nonce: string;
  expiresAt: string;
}

export interface LoginResult {
  status: LoginStatus;
  token: string | null;
  expiresAt: string | null;
  challenge: CertificateChallenge | null;
}

export type RoleCode =
  | 'system_admin'
  | 'info_admin'
  | 'query_user'
  | 'training_admin'
  | 'teacher'
  | 'training_institution';

export interface Unit {
  id: string;
  code: string;
  name: string;
  level: string;
  path: string;
}

export interface Me {
  id: string;
  username: string;
  realName: string;
  role: string;
  unit: Unit;
  mustChangePassword: boolean;
  authMethod: string;
}

/** One entry of the runtime manifest: a remote the shell may mount at `routePath`. */
export interface PortalModule {
  name: string;
  title: string;
  titleEn: string;
  remoteEntry: string;
  exposedModule: string;
  routePath: string;
  icon: string | null;
  requiredAction: string;
  requiredSubject: string;
}
