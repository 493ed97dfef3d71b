import { sharedVocabulary } from './shared-vocabulary';

// Chinese is the default language of the portal; `en.ts` must mirror every key.
const shared = sharedVocabulary('zh');

export const zhCN = {
  app: {
    name: '教师管理信息系统',
    shortName: 'TMIS',
  },
  locale: {
    label: '语言',
    'zh-CN': '中文',
    en: 'English',
  },
  login: {
    title: '用户登录',
    subtitle: '统一门户',
    username: '用户名',
    usernamePlaceholder: '请输入用户名',
    password: '密码',
    passwordPlaceholder: '请输入密码',
    submit: '登录',
    required: '请填写此项',
    certTitle: '教育CA证书登录',
    certHint: '该账号须使用教育CA证书登录。请选择您的证书文件和私钥文件（私钥仅在本机浏览器内用于签名，不会上传）。',
    certFile: '证书文件（PEM）',
    keyFile: '私钥文件（PKCS#8 PEM）',
    certSubmit: '签名并登录',
    challengeExpires: '挑战有效期至 {time}',
    back: '返回',
    changeTitle: '修改密码',
    changeHint: '首次登录或密码已重置，请设置新密码后继续。',
    currentPassword: '当前密码',
    newPassword: '新密码',
    newPasswordConfirm: '确认新密码',
    changeSubmit: '修改密码并登录',
    passwordRule: '至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类，且不能包含用户名。',
    passwordErrors: shared.passwordErrors,
    passwordMismatch: '两次输入的新密码不一致',
  },
  cert: {
    noWebCrypto: '当前浏览器环境不支持 WebCrypto 签名，请通过 HTTPS 或本机地址访问系统。',
    certFormat: '证书文件格式不正确，应为 PEM 格式（BEGIN CERTIFICATE）。',
    keyFormat: '私钥文件格式不正确，应为未加密的 PKCS#8 PEM 格式（BEGIN PRIVATE KEY）。',
    keyImport: '私钥文件已损坏，无法读取，请确认是 SM2 或 ECDSA P-256 私钥。',
    keyUnsupported: '不支持该类型的私钥（{type}），仅支持 SM2（国密）和 ECDSA P-256 私钥。',
    fileMissing: '请选择证书文件和私钥文件。',
  },
  layout: {
    breadcrumb: '面包屑导航',
    logout: '退出登录',
    logoutConfirm: '确定退出登录吗？',
    menu: '导航菜单',
    collapse: '收起菜单',
    expand: '展开菜单',
    openMenu: '打开导航菜单',
    userMenu: '用户菜单',
    pageSize: '每页条数',
    perPage: '{n} 条/页',
  },
  menu: {
    home: '首页',
    units: '单位',
    accounts: '账号管理',
    auditLog: '审计日志',
    crl: '证书吊销列表',
    graphiql: 'GraphiQL 数据查询',
  },
  roles: shared.roles,
  unitLevels: shared.unitLevels,
  home: {
    welcome: '欢迎，{name}',
    scopeTitle: '您的数据范围',
    unit: '所属单位',
    unitCode: '单位代码',
    level: '单位层级',
    role: '角色',
    scopeNote: '您只能查看和处理本单位及下级单位的数据。',
    authMethod: '登录方式',
    authMethods: {
      password: '密码',
      certificate: '密码 + 教育CA证书',
    },
  },
  remote: {
    loading: '正在加载模块…',
    failed: '模块加载失败',
    failedDetail: '无法加载「{name}」，请稍后重试或联系管理员。',
    retry: '重试',
  },
  notFound: {
    title: '页面不存在或无权访问',
    back: '返回首页',
  },
  errors: {
    network: '无法连接服务器，请检查网络后重试。',
    server: '服务器返回了无法识别的响应。',
    noAccess: '页面不存在或无权访问',
    sessionExpired: '登录已失效，请重新登录。',
  },
};

export type MessageSchema = typeof zhCN;
