import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * zxcvbn's score (0–4) a new password must reach. 3 = "safely unguessable: moderate protection
 * from an offline slow-hash scenario" (about 10^8 guesses and more). `Password1`, `Aa123456`,
 * `Qwerty123` score 0–1.
 */
export const MIN_PASSWORD_SCORE = 3;

/**
 * zxcvbn-ts ships no Chinese list; these are the pinyin words and number idioms that lead the
 * published Chinese password leaks (CSDN, 12306, Tianya), so `Woaini1314!` counts as common.
 */
const PINYIN_COMMON = [
  'woaini', 'aini', 'woaini1314', 'iloveyou', 'wangwei', 'zhangwei', 'wanglei', 'liwei', 'zhangjie', 'lijie', 'wangjing',
  'zhang', 'wang', 'li', 'liu', 'chen', 'yang', 'huang', 'zhao', 'zhou', 'xiaoming', 'xiaohong', 'laoshi', 'xuexiao',
  'jiaoyu', 'jiaoshi', 'mima', 'zhongguo', 'beijing', 'shanghai', 'hangzhou', 'zhejiang', 'qwertyuiop', 'asdfghjkl',
  'zxcvbnm', '1314', '520', '521', '5201314', '1314520', '147258369', '123qwe', 'qweasd', 'a123456', 'woaiwojia',
  'tianya', 'baobao', 'nihao', 'wodemima', 'caonima', 'dragon', 'abc123', 'password', 'admin', 'tmis',
];

let factory: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, pinyin: PINYIN_COMMON },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/** True when a password is common, breached-list or guessable from the account's own names. */
export function isGuessablePassword(password: string, userInputs: string[] = []): boolean {
  return estimator().check(password, userInputs.filter(Boolean)).score < MIN_PASSWORD_SCORE;
}
