import type { reservation as en } from '../en/reservation';

export const reservation: Record<keyof typeof en, string> = {
  'reservation.noun': '预订',
  'reservation.orderId': '预订订单 ID',
  'reservation.scope': '范围',
  'reservation.utilization': '使用率',
  'reservation.refund': '退款',
  'reservation.exchange': '兑换',
  'reservation.tab.overview': '概述',
  'reservation.tab.iam': '访问控制 (IAM)',
  'reservation.tab.configuration': '配置',
  'reservation.tab.properties': '属性',
  'reservation.tab.support': '新建支持请求',
};
