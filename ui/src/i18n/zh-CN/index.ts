// 简体中文. Terms follow Microsoft's zh-CN Azure documentation (预留, 预留订单 ID, 范围, 使用率,
// 退款, 交换, 访问控制 (IAM), 配置, 属性, 新建支持请求). Each area file is typed against its English
// twin, so a missing or extra key fails the type check.
import type { MessageKey } from '../en';
import { common } from './common';
import { frame } from './frame';
import { customers } from './customers';
import { reservation } from './reservation';
import { quote } from './quote';
import { tickets } from './tickets';
import { changes } from './changes';
import { audit } from './audit';
import { settings } from './settings';
import { importer } from './importer';
import { dashboard } from './dashboard';
import { triage } from './triage';
import { calendar } from './calendar';
import { report } from './report';
import { errors } from './errors';
import { dialogs } from './dialogs';

export const zhCN: Record<MessageKey, string> = {
  ...common,
  ...frame,
  ...customers,
  ...reservation,
  ...quote,
  ...tickets,
  ...changes,
  ...audit,
  ...settings,
  ...importer,
  ...dashboard,
  ...triage,
  ...calendar,
  ...report,
  ...errors,
  ...dialogs,
};
