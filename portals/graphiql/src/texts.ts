// Chinese first; the language follows the portal's choice (localStorage `tmis.locale`).
const zh = {
  lang: 'zh-CN',
  title: 'GraphiQL 数据查询',
  user: '当前用户',
  scope: '数据范围：仅限本单位及下级，与门户一致',
  back: '返回门户',
  signedOutTitle: '请先登录统一门户',
  signedOutText: 'GraphiQL 使用您本人的会话和数据范围。请先在统一门户登录，然后重新打开本页面。',
  login: '前往登录',
  errorTitle: '无法连接服务器',
  retry: '重试',
  roles: {
    system_admin: '系统管理员', info_admin: '信息管理员', query_user: '信息查询员', training_admin: '培训管理员',
    teacher: '教师', training_institution: '培训承办机构',
  } as Record<string, string>,
};

type Texts = typeof zh;

const en: Texts = {
  lang: 'en',
  title: 'GraphiQL data queries',
  user: 'Signed in as',
  scope: 'Data scope: your unit and the units below it, as in the portal',
  back: 'Back to the portal',
  signedOutTitle: 'Please sign in to the portal first',
  signedOutText: 'GraphiQL runs with your own session and data scope. Sign in to the portal, then open this page again.',
  login: 'Sign in',
  errorTitle: 'Cannot reach the server',
  retry: 'Retry',
  roles: {
    system_admin: 'System administrator', info_admin: 'Information administrator', query_user: 'Query user',
    training_admin: 'Training administrator', teacher: 'Teacher', training_institution: 'Training institution',
  },
};

export function texts(): Texts {
  let locale: string | null = null;
  try {
    locale = localStorage.getItem('tmis.locale');
  } catch {
    // storage disabled: Chinese
  }
  return locale === 'en' ? en : zh;
}
