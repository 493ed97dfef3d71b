// GraphiQL 5 has no i18n: its controls carry English labels in the DOM (text, aria-label,
// title, placeholder), many of them composed ("Prettify query (Shift-Ctrl-P)", "Show History").
// On a zh-CN portal we rewrite those strings in place as React renders them. Only whole known
// phrases are replaced (plus a trailing "(shortcut)" or "…"), so a query, a result or a schema
// name is never touched.

/** GraphiQL's English phrase → Chinese. */
export const GRAPHIQL_ZH: Readonly<Record<string, string>> = {
  // Toolbar and the execute button
  'Execute query': '执行查询',
  'Stop query': '停止查询',
  'Prettify query': '美化查询',
  'Prettify editors': '美化编辑器内容',
  'Prettify Editors': '美化编辑器内容',
  'Merge fragments into query': '将片段合并到查询',
  'Merge Fragments into Query': '将片段合并到查询',
  'Merge fragments definitions into operation definition': '将片段定义合并到操作定义',
  'Copy query': '复制查询',
  'Copy Query': '复制查询',
  'Run Operation': '执行操作',
  'Select active operation': '选择要执行的操作',
  // Sidebar
  'Show Documentation Explorer': '显示文档',
  'Hide Documentation Explorer': '隐藏文档',
  'Show History': '显示历史',
  'Hide History': '隐藏历史',
  'Documentation Explorer': '文档',
  History: '历史',
  'Re-fetch GraphQL schema': '重新获取 GraphQL 模式',
  'Re-fetch schema using introspection': '通过内省重新获取模式',
  'Open short keys dialog': '打开快捷键说明',
  'Open settings dialog': '打开设置',
  // Editors and tabs
  'Operation Editor': '操作编辑器',
  'Editor Commands': '编辑器命令',
  'Result Window': '结果窗口',
  Variables: '变量',
  Headers: '请求头',
  'Request headers': '请求头',
  'New tab': '新建标签页',
  '<untitled>': '<未命名>',
  'Close Tab': '关闭标签页',
  'Close dialog': '关闭对话框',
  Tabs: '标签页',
  Show: '显示',
  Hide: '隐藏',
  // Documentation explorer
  'Root Types': '根类型',
  'All Schema Types': '全部类型',
  Fields: '字段',
  'Deprecated Fields': '已弃用字段',
  Arguments: '参数',
  'Deprecated Arguments': '已弃用参数',
  'Enum Values': '枚举值',
  'Deprecated Enum Values': '已弃用枚举值',
  Implements: '实现的接口',
  Implementations: '实现',
  'Possible Types': '可能的类型',
  Directives: '指令',
  Type: '类型',
  Deprecated: '已弃用',
  'Show Deprecated Fields': '显示已弃用字段',
  'Show Deprecated Arguments': '显示已弃用参数',
  'Show Deprecated Values': '显示已弃用值',
  'No results found': '没有找到结果',
  'Other results': '其他结果',
  'No GraphQL schema available': '没有可用的 GraphQL 模式',
  'Error fetching schema': '获取模式失败',
  'Search in documentation': '在文档中搜索',
  'Search in editor': '在编辑器中搜索',
  Search: '搜索',
  'Go back to': '返回',
  // History
  'Add favorite': '收藏',
  'Remove favorite': '取消收藏',
  'Edit label': '编辑名称',
  'Delete from history': '从历史中删除',
  'Set active': '设为当前',
  'Type a label': '输入名称',
  Save: '保存',
  Clear: '清空',
  Cleared: '已清空',
  // Settings and short keys
  Settings: '设置',
  'This modal lets you adjust header persistence, interface theme, and clear local storage.': '在这里设置是否保存请求头、界面主题，以及清除本地数据。',
  'Persist headers': '保存请求头',
  'Save headers upon reloading.': '重新加载页面时保留请求头。',
  'Only enable if you trust this device.': '仅在可信任的设备上开启。',
  On: '开',
  Off: '关',
  Theme: '主题',
  'Adjust how the interface appears.': '调整界面外观。',
  System: '跟随系统',
  Light: '浅色',
  Dark: '深色',
  'Clear storage': '清除本地数据',
  'Remove all locally stored data and start fresh.': '删除本机保存的全部数据，重新开始。',
  'Clear data': '清除数据',
  'Cleared data': '数据已清除',
  Failed: '失败',
  'Short Keys': '快捷键',
  'Short Key': '快捷键',
  Function: '功能',
  'This modal provides a list of available keyboard shortcuts and their functions.': '可用的键盘快捷键及其功能。',
  'Monaco editor shortcuts': 'Monaco 编辑器快捷键',
  'Open the Command Palette (you must have focus in the editor)': '打开命令面板（光标须在编辑器中）',
  'Loading...': '加载中…',
};

const ATTRIBUTES = ['aria-label', 'title', 'placeholder'] as const;

/**
 * The Chinese for one of GraphiQL's strings, or null when it is not one: a known phrase, or a
 * known phrase followed by " (shortcut)", " <name>" after 返回/搜索-type prefixes, or "...".
 */
export function translateGraphiQL(text: string, dict: Readonly<Record<string, string>> = GRAPHIQL_ZH): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const whole = dict[trimmed];
  if (whole !== undefined) return text.replace(trimmed, whole);
  // "Prettify query (Shift-Ctrl-P)", "Execute query (Ctrl-Enter)"
  const shortcut = /^(.+?) (\([^()]+\))$/.exec(trimmed);
  if (shortcut && dict[shortcut[1]!] !== undefined) return text.replace(trimmed, `${dict[shortcut[1]!]} ${shortcut[2]}`);
  // "Search Query..." (the doc explorer's search box), "Go back to Query"
  const search = /^Search (.+)\.\.\.$/.exec(trimmed);
  if (search) return text.replace(trimmed, `搜索 ${search[1]}…`);
  const back = /^Go back to (.+)$/.exec(trimmed);
  if (back) return text.replace(trimmed, `返回 ${back[1]}`);
  return null;
}

function translateNode(node: Node): void {
  if (node.nodeType === Node.TEXT_NODE) {
    // Code (editors, results) is never translated; Monaco renders it in .monaco-editor.
    if (node.parentElement?.closest('.monaco-editor, .graphiql-doc-explorer-type-name, code, pre')) return;
    const zh = translateGraphiQL(node.nodeValue ?? '');
    if (zh !== null) node.nodeValue = zh;
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const el = node as Element;
  if (el.closest('.monaco-editor')) return;
  for (const name of ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value === null) continue;
    const zh = translateGraphiQL(value);
    if (zh !== null) el.setAttribute(name, zh);
  }
}

/** Translates everything below `root` once. */
export function localizeTree(root: Node): void {
  // Editor lines are added on every keystroke: nothing below them is translated, so no walk.
  const el = root.nodeType === Node.ELEMENT_NODE ? (root as Element) : root.parentElement;
  if (el?.closest('.monaco-editor')) return;
  translateNode(root);
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) translateNode(n);
}

/**
 * Keeps `root` (the document body: GraphiQL's tooltips and dialogs are portals outside its own
 * element) in Chinese as React renders and re-renders. Returns the observer's disconnect.
 */
export function localizeGraphiQL(root: Node): () => void {
  localizeTree(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') r.addedNodes.forEach(localizeTree);
      else translateNode(r.target);
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: [...ATTRIBUTES] });
  return () => observer.disconnect();
}
