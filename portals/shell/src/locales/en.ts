import { sharedVocabulary } from './shared-vocabulary';
import type { MessageSchema } from './zh-CN';

const shared = sharedVocabulary('en');

export const en: MessageSchema = {
  app: {
    name: 'Teacher Management Information System',
    shortName: 'TMIS',
  },
  locale: {
    label: 'Language',
    'zh-CN': '中文',
    en: 'English',
  },
  login: {
    title: 'Sign in',
    subtitle: 'Unified portal',
    username: 'Username',
    usernamePlaceholder: 'Enter your username',
    password: 'Password',
    passwordPlaceholder: 'Enter your password',
    submit: 'Sign in',
    required: 'This field is required',
    certTitle: 'Education CA certificate sign-in',
    certHint: 'This account must sign in with an education CA certificate. Choose your certificate file and private-key file (the key is only used to sign inside this browser and is never uploaded).',
    certFile: 'Certificate file (PEM)',
    keyFile: 'Private-key file (PKCS#8 PEM)',
    certSubmit: 'Sign and continue',
    challengeExpires: 'Challenge valid until {time}',
    back: 'Back',
    changeTitle: 'Change password',
    changeHint: 'This is your first sign-in or your password was reset. Set a new password to continue.',
    currentPassword: 'Current password',
    newPassword: 'New password',
    newPasswordConfirm: 'Confirm new password',
    changeSubmit: 'Change password and sign in',
    passwordRule: 'At least 8 characters, from at least 3 of: upper-case letters, lower-case letters, digits, symbols; not containing the username.',
    passwordErrors: shared.passwordErrors,
    passwordMismatch: 'The two new passwords differ',
  },
  cert: {
    noWebCrypto: 'This browser context cannot sign with WebCrypto. Open the system over HTTPS or on localhost.',
    certFormat: 'The certificate file must be PEM (BEGIN CERTIFICATE).',
    keyFormat: 'The private-key file must be PKCS#8 PEM (BEGIN PRIVATE KEY).',
    keyImport: 'The private key could not be imported. Is it an ECDSA P-256 key?',
    fileMissing: 'Choose both the certificate file and the private-key file.',
  },
  layout: {
    logout: 'Sign out',
    logoutConfirm: 'Sign out now?',
    menu: 'Navigation',
    collapse: 'Collapse menu',
    expand: 'Expand menu',
  },
  menu: {
    home: 'Home',
    teachers: 'Teachers',
    units: 'Units',
    accounts: 'Accounts',
    auditLog: 'Audit log',
    graphiql: 'GraphiQL queries',
  },
  roles: shared.roles,
  unitLevels: shared.unitLevels,
  home: {
    welcome: 'Welcome, {name}',
    scopeTitle: 'Your data scope',
    unit: 'Unit',
    unitCode: 'Unit code',
    level: 'Level',
    role: 'Role',
    scopeNote: 'You can only see and work on data of your own unit and the units below it.',
    authMethod: 'Signed in with',
    authMethods: {
      password: 'Password',
      certificate: 'Password + education CA certificate',
    },
  },
  placeholder: {
    building: 'This feature is under construction.',
  },
  remote: {
    loading: 'Loading module…',
    failed: 'The module failed to load',
    failedDetail: 'Could not load “{name}”. Try again later or contact your administrator.',
    retry: 'Retry',
  },
  notFound: {
    title: 'Page not found or no access',
    back: 'Back to home',
  },
  errors: {
    network: 'Cannot reach the server. Check the network and try again.',
    server: 'The server sent a response that could not be read.',
    noAccess: 'Page not found or no access',
    sessionExpired: 'Your session has ended. Please sign in again.',
  },
};
