// Texts of the reservation area, in English.
export const reservation = {
  'reservation.noun': 'Reservation',
  'reservation.orderId': 'Reservation order ID',
  'reservation.scope': 'Scope',
  'reservation.utilization': 'Utilization',
  'reservation.refund': 'Refund',
  'reservation.exchange': 'Exchange',
  'reservation.tab.overview': 'Overview',
  'reservation.tab.iam': 'Access control (IAM)',
  'reservation.tab.configuration': 'Configuration',
  'reservation.tab.properties': 'Properties',
  'reservation.tab.support': 'New support request',
} as const;
