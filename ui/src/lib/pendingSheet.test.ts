import { render, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { reservationFixture } from '../test/fixtures';
import Overview from '../views/reservation/Overview.svelte';
import { requestSheet, takeSheet } from './pendingSheet.svelte';

function renderOverview(status: 'Succeeded' | 'Expired' = 'Succeeded') {
  const onRefund = vi.fn();
  const onExchange = vi.fn();
  render(Overview, {
    props: {
      reservation: reservationFixture({ status }),
      utilization: [],
      utilizationFailure: null,
      onRetryUtilization: () => {},
      onRefund,
      onExchange,
    },
  });
  return { onRefund, onExchange };
}

const ID = reservationFixture().id;

describe('pending sheet', () => {
  it('is handed out once, and only for its reservation', () => {
    requestSheet(ID.toUpperCase(), 'refund');
    expect(takeSheet('another')).toBeNull();
    expect(takeSheet(ID)).toBeNull();
    requestSheet(ID, 'exchange');
    expect(takeSheet(ID)).toBe('exchange');
    expect(takeSheet(ID)).toBeNull();
  });

  it('opens the Refund sheet through the Overview button path on arrival', async () => {
    requestSheet(ID, 'refund');
    const { onRefund, onExchange } = renderOverview();
    await waitFor(() => expect(onRefund).toHaveBeenCalledTimes(1));
    expect(onExchange).not.toHaveBeenCalled();
  });

  it('opens the Exchange sheet on arrival', async () => {
    requestSheet(ID, 'exchange');
    const { onRefund, onExchange } = renderOverview();
    await waitFor(() => expect(onExchange).toHaveBeenCalledTimes(1));
    expect(onRefund).not.toHaveBeenCalled();
  });

  it('opens nothing for an inactive reservation or without a request', async () => {
    requestSheet(ID, 'refund');
    const expired = renderOverview('Expired');
    const plain = renderOverview();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(expired.onRefund).not.toHaveBeenCalled();
    expect(plain.onRefund).not.toHaveBeenCalled();
  });
});
