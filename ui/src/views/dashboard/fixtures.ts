// Fixed values for the dashboard's component tests.
import type { Dashboard, ReviewItemView } from '../../api/desk';

export function dashboardFixture(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    as_of: '2026-11-24',
    active_reservations: 412,
    reservations_without_price: 0,
    commitment_by_currency: { EUR: '1234567.5', GBP: '98000', USD: '2500000.25' },
    commitment_usd: '3964428.89',
    expiring: { d30: 7, d60: 19, d90: 31 },
    expiring_renewing: { d30: 2, d60: 5, d90: 9 },
    under_utilized: { count: 23, ids: ['r-1', 'r-2'] },
    underuse_threshold_percent: '80',
    unused_commitment_usd: '48211.37',
    low_headroom_customers: [
      { tenant_id: 't-contoso', name: 'Contoso Retail', limit_usd: '50000', used_usd: '46000', available_usd: '4000' },
      { tenant_id: 't-fabrikam', name: 'Fabrikam Logistics', limit_usd: '50000', used_usd: '42500.5', available_usd: '7499.5' },
    ],
    low_headroom_below_usd: '10000',
    recently_expired: 4,
    renewals_lost: 3,
    charts: {
      utilization: Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: (i * 7) % 13 })),
      no_utilization_data: 6,
      expiries_by_month: Array.from({ length: 12 }, (_, i) => {
        const y = 2026 + Math.floor((10 + i) / 12);
        const m = ((10 + i) % 12) + 1;
        return { month: `${y}-${String(m).padStart(2, '0')}`, count: i + 2, renewing: i % 3 };
      }),
      unused_by_customer: [
        { tenant_id: 't-contoso', name: 'Contoso Retail', unused_usd: '20100.00' },
        { tenant_id: 't-northwind', name: 'Northwind Traders', unused_usd: '9000.50' },
      ],
    },
    ...overrides,
  };
}

export function reviewItemFixture(overrides: Partial<ReviewItemView> = {}): ReviewItemView {
  return {
    id: '0a3c9b6e-51d2-4f44-9a1b-2f7d0c9e1a11',
    name: 'VM_RI_07-21',
    customer_id: 't-contoso',
    customer_name: 'Contoso Retail',
    resource_type: 'VirtualMachines',
    sku: 'Standard_D4s_v5',
    region: 'westeurope',
    quantity: 4,
    scope_type: 'shared',
    status: 'Expiring',
    renew: false,
    expiry_date: '2026-12-20',
    days_left: 26,
    utilization_7d: '41.5',
    utilization_30d: '38.25',
    price: { amount: '12345.6', currency: 'EUR' },
    price_usd: '13392.41',
    unused_usd: '812.40',
    renewal_lost: false,
    ...overrides,
  };
}
