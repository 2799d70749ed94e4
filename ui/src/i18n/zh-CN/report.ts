import type { report as en } from '../en/report';

export const report: Record<keyof typeof en, string> = {
  'report.title': '审阅报告',
  'report.open': '审阅报告',
  'report.open.title': '预览此客户的审阅报告，并另存为 HTML 或 CSV',
  'report.heading': '审阅报告 — {name}',
  'report.loading': '正在生成审阅报告…',
  'report.loadFailed': '无法生成审阅报告',
  'report.frame.title': '{name} 的审阅报告',
  'report.toolbar.label': '报告操作',
  'report.saveHtml': '另存为 HTML…',
  'report.saveHtml.title': '可直接打印的网页，包含数据、图表和所有预留',
  'report.saveCsv': '另存为 CSV…',
  'report.saveCsv.title': '每个预留一行，适用于电子表格',
  'report.saving': '正在保存…',
  'report.saved.one': '已保存 {path}（{count} 个预留）',
  'report.saved.other': '已保存 {path}（{count} 个预留）',
  'report.saveFailed': '无法保存报告',
  'report.hint.print': '在浏览器中打开已保存的 HTML，然后打印为 PDF。',
  'report.fileName': '{name} 预留审阅 {date}',
};
