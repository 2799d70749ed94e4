// Small, fixed values for component tests.
import type { CustomerSummary, ReservationView } from '../api/desk';

export function reservationFixture(overrides: Partial<ReservationView> = {}): ReservationView {
  return {
    id: '0a3c9b6e-51d2-4f44-9a1b-2f7d0c9e1a11',
    order_id: '7e1d2c3b-4a59-4c6f-8b1e-0f9d8c7b6a55',
    customer_id: '6f1b6c3a-1d2e-4c5b-9a8f-0e1d2c3b4a59',
    customer_name: 'Contoso Retail',
    display_name: 'VM_RI_07-21',
    resource_type: 'VirtualMachines',
    resource_type_label: 'Virtual machine',
    sku: 'Standard_D4s_v5',
    region: 'westeurope',
    quantity: 4,
    term: 'P3Y',
    billing_plan: 'Monthly',
    purchase_date: '2023-07-21',
    benefit_start: '2023-07-21',
    expiry_date: '2026-07-20',
    days_left: 238,
    scope_type: 'shared',
    scope_target: null,
    scope_description: 'Shared',
    billing_subscription_id: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
    instance_flexibility: true,
    renew: false,
    provisioning_state: 'Succeeded',
    status: 'Succeeded',
    utilization_1d: '87.5',
    utilization_7d: null,
    utilization_30d: '79.99',
    utilization_as_of: '2025-11-23',
    price: { amount: '1234.5', currency: 'EUR' },
    price_usd: { amount: '1339.43', currency: 'USD' },
    portal_url: 'https://portal.azure.com/#resource/providers/Microsoft.Capacity/reservationOrders/x/reservations/y/overview',
    exchange_right: null,
    ...overrides,
  };
}

/** A customer row of the customer list: one subscription, one active reservation, nothing owed. */
export function customerFixture(name: string, tenant: string, overrides: Partial<CustomerSummary> = {}): CustomerSummary {
  return {
    tenant_id: tenant,
    name,
    primary_domain: 'x.example',
    billing_currency: 'EUR',
    country: 'DE',
    subscription_count: 1,
    reservation_count: 1,
    active_reservation_count: 1,
    nearest_expiry: null,
    nearest_expiry_days_left: null,
    total_commitment: { amount: '0', currency: 'EUR' },
    total_commitment_usd: { amount: '0', currency: 'USD' },
    reservations_without_price: 0,
    ...overrides,
  };
}
