import { describe, expect, it } from 'vitest';
import type { CheckTrigger } from '../../../src/core/model.ts';
import { triggerLabel } from '../../../src/ui/trigger-label.ts';
import { translator } from './catalogue.ts';

const en = translator('en');
const zh = translator('zh_CN');

describe('triggerLabel', () => {
  it.each<[CheckTrigger, string, string]>([
    ['apply', 'Apply', '应用'],
    ['restart', 'Restart', '重启'],
    ['start', 'Start', '启动'],
    ['remediation', 'One-click restart', '一键重启'],
    ['manual', 'Check now', '立即检查'],
    ['page-open', 'HAProxy page opened', '打开 HAProxy 页面'],
    ['watch', 'Watch', '定时监视'],
  ])('%s: %j, %j', (trigger, english, chinese) => {
    expect(triggerLabel(trigger, en)).toBe(english);
    expect(triggerLabel(trigger, zh)).toBe(chinese);
  });

  it.each(['reload', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'APPLY'])(
    'shows a stored trigger it does not know as it is: %j',
    (stored) => {
      expect(triggerLabel(stored, en)).toBe(stored);
    },
  );
});
