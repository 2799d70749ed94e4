import type { errors as en } from '../en/errors';

export const errors: Record<keyof typeof en, string> = {
  'error.code.invalid_input': '有一个值未被接受。',
  'error.code.not_found': '存储中已没有此项。',
  'error.code.store_not_empty': '存储中已有客户，因此未加载演示数据。',
  'error.code.database_too_new': '此存储由更新版本的 Reservation Desk 写入。',
  'error.code.store_busy': '存储正被其他程序使用。',
  'error.code.io': '无法创建或写入文件。',
  'error.code.store': '存储无法完成此请求。',
  'error.code.internal': '请求意外中止。',
  'error.code.no_backend': '此窗口未连接到 Reservation Desk 核心。',
  'error.code.bridge': '窗口无法连接 Reservation Desk 核心。',
  'error.code.bad_url': '只会打开 https 地址。',
  'error.action.busy': '请稍候，然后重试。',
  'error.action.update': '请将 Reservation Desk 更新到最新版本后再打开此存储；存储未被改动。',
  'error.action.checkField': '请检查 {field} 的值。',
  'error.action.goToField': '转到该字段',
  'error.action.toList': '返回列表',
  'error.action.desktop': '请以桌面应用方式启动 Reservation Desk。',
  'error.details': '详细信息',
  'error.details.message': '消息',
  'error.details.detail': '技术细节',
};
