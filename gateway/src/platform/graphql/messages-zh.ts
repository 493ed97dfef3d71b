/**
 * graphql-js's validation, parse and coercion messages in Chinese (issue 16.7): people read them in
 * the portal and in GraphiQL. Each rule is one message shape of graphql-js 16; names of fields,
 * types and variables stay as they are (they are the schema's). A message no rule knows keeps its
 * English text; the English is also kept in `extensions.messageEn` for analysts and bug reports.
 */
type Rule = readonly [RegExp, (...m: string[]) => string];

const RULES: readonly Rule[] = [
  [/^Cannot query field "([^"]+)" on type "([^"]+)"\.$/, (f, t) => `类型“${t}”上没有字段“${f}”。`],
  [/^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\.$/, (f, a, t) => `字段“${f}”缺少必填参数“${a}”（类型 ${t}）。`],
  [/^Unknown argument "([^"]+)" on field "([^"]+)"\.$/, (a, f) => `字段“${f}”没有参数“${a}”。`],
  [/^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\. Did you mean "[^"]*"\?$/, (f, t) => `字段“${f}”（类型 ${t}）须选择子字段，例如 ${f} { … }。`],
  [/^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\.$/, (f, t) => `字段“${f}”（类型 ${t}）须选择子字段。`],
  [/^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\.$/, (f, t) => `字段“${f}”的类型 ${t} 没有子字段，不能再选择子字段。`],
  [/^Variable "\$([^"]+)" of required type "([^"]+)" was not provided\.$/, (v, t) => `缺少必填变量“$${v}”（类型 ${t}）。`],
  [/^Variable "\$([^"]+)" is never used(?: in operation "([^"]+)")?\.$/, (v) => `变量“$${v}”已声明但未使用。`],
  [/^Variable "\$([^"]+)" is not defined(?: by operation "([^"]+)")?\.$/, (v) => `变量“$${v}”未声明。`],
  [/^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"\.$/, (v, t, e) => `变量“$${v}”的类型为 ${t}，此处需要类型 ${e}。`],
  [/^Variable "\$([^"]+)" cannot be non-input type "([^"]+)"\.$/, (v, t) => `变量“$${v}”不能是非输入类型 ${t}。`],
  [/^Variable "\$([^"]+)" got invalid value (.*?); (.*)$/s, (v, value, why) => `变量“$${v}”的值 ${value} 无效：${zhGraphQLMessage(why) ?? why}`],
  [/^Field "([^"]+)" of required type "([^"]+)" was not provided\.$/, (f, t) => `缺少必填字段“${f}”（类型 ${t}）。`],
  [/^Field "([^"]+)" is not defined by type "([^"]+)"\.$/, (f, t) => `输入类型“${t}”没有字段“${f}”。`],
  [/^Expected value of type "([^"]+)", found (.*)\.$/s, (t, v) => `应为类型 ${t} 的值，实际为 ${v}。`],
  [/^Value "([^"]+)" does not exist in "([^"]+)" enum\.$/, (v, t) => `枚举 ${t} 中没有值“${v}”。`],
  [/^Enum "([^"]+)" cannot represent non-enum value: (.*?)\.?$/s, (t, v) => `枚举 ${t} 不能表示非枚举值：${v}。`],
  [/^Int cannot represent non-integer value: (.*)$/s, (v) => `Int 只能是整数，实际为：${v}`],
  [/^Int cannot represent non 32-bit signed integer value: (.*)$/s, (v) => `Int 只能是 32 位有符号整数，实际为：${v}`],
  [/^Float cannot represent non numeric value: (.*)$/s, (v) => `Float 只能是数值，实际为：${v}`],
  [/^String cannot represent a non string value: (.*)$/s, (v) => `String 只能是字符串，实际为：${v}`],
  [/^Boolean cannot represent a non boolean value: (.*)$/s, (v) => `Boolean 只能是 true 或 false，实际为：${v}`],
  [/^ID cannot represent a non-string and non-integer value: (.*)$/s, (v) => `ID 只能是字符串或整数，实际为：${v}`],
  [/^Unknown type "([^"]+)"\.$/, (t) => `未知类型“${t}”。`],
  [/^Unknown fragment "([^"]+)"\.$/, (f) => `未定义片段“${f}”。`],
  [/^Fragment "([^"]+)" is never used\.$/, (f) => `片段“${f}”已定义但未使用。`],
  [/^Unknown directive "@([^"]+)"\.$/, (d) => `未知指令“@${d}”。`],
  [/^Unknown operation named "([^"]+)"\.$/, (o) => `没有名为“${o}”的操作。`],
  [/^Must provide operation name if query contains multiple operations\.$/, () => '文档包含多个操作时须指定操作名。'],
  [/^Must provide query string\.$/, () => '请求中没有查询语句。'],
  [/^Syntax Error: (.*)$/s, (d) => `语法错误：${d}`],
];

/** The Chinese of a graphql-js message, or null when no rule knows it. */
export function zhGraphQLMessage(message: string): string | null {
  // graphql-js's hint (development only; production strips it before this runs) follows the sentence.
  const hint = / Did you mean (.+)\?$/s.exec(message);
  const sentence = hint && !/must have a selection of subfields/.test(message) ? message.slice(0, hint.index) : message;
  for (const [re, zh] of RULES) {
    const m = re.exec(sentence);
    if (m) return zh(...m.slice(1).map((x) => x ?? '')) + (sentence !== message ? `是否指 ${hint![1]!.replace(/^the enum value /, '').replace(/ or /g, ' 或 ')}？` : '');
  }
  return null;
}
