import type { frame as en } from '../en/frame';

export const frame: Record<keyof typeof en, string> = {
  'frame.brand': '预订工作台',
  'nav.main': '主导航',
  'nav.dashboard': '仪表板',
  'nav.customers': '客户',
  'nav.triage': '待处理',
  'nav.calendar': '日历',
  'nav.tickets': '工单',
  'nav.changes': '更改',
  'nav.import': '导入',
  'nav.settings': '设置',
};
