import type { dialogs as en } from '../en/dialogs';

export const dialogs: Record<keyof typeof en, string> = {
  'dialog.import.title': '导入文件',
  'dialog.import.filter': '导出文件（JSON、CSV、数据文件）',
  'dialog.allFiles': '所有文件',
  'dialog.csv.title': '将列表保存为 CSV',
  'dialog.csv.filter': 'CSV 表格',
  'dialog.ics.title': '将到期日保存为日历',
  'dialog.ics.filter': 'iCalendar 文件',
  'dialog.export.title': '导出全部数据',
  'dialog.export.filter': 'Reservation Desk 数据文件',
  'dialog.report.title': '保存审阅报告',
  'dialog.report.html': '网页（可在浏览器中打印为 PDF）',
  'dialog.report.csv': 'CSV 表格',
};
