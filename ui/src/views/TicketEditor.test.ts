import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TicketDraft, TicketView } from '../api/desk';
import { toasts } from '../lib/toasts.svelte';
import TicketEditor from './TicketEditor.svelte';

const mocks = vi.hoisted(() => ({
  listTickets: vi.fn(),
  updateTicket: vi.fn(),
  getCustomer: vi.fn(),
  moveTicket: vi.fn(),
  copyText: vi.fn(),
}));

vi.mock('../api/desk', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api/desk')>();
  return {
    ...actual,
    desk: {
      ...actual.desk,
      listTickets: mocks.listTickets,
      updateTicket: mocks.updateTicket,
      getCustomer: mocks.getCustomer,
      moveTicket: mocks.moveTicket,
    },
  };
});
vi.mock('../api/system', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api/system')>();
  return { ...actual, copyText: mocks.copyText };
});

function draft(reason: string, name: string): TicketDraft {
  return {
    basics: { issue_type: 'Billing', subscription_id: '11111111-2222-3333-4444-555555555555' },
    problem: {
      problem_type: 'Reservation management',
      category: 'Exchanges and refunds',
      summary: 'Refund VM_RI_01 (1 × Standard_D2s_v5) for Contoso',
      description: `Reservation ID: r-1\nReason:${reason ? ` ${reason}` : ''}`,
    },
    contact: {
      preferred_contact_method: 'Email',
      severity: 'C',
      name,
      email: name ? 'ana@partner.example' : '',
      phone: name ? '+34 600 000 000' : '',
      country: name ? 'Spain' : '',
      time_zone: '(UTC) Coordinated Universal Time',
      language: 'English',
    },
  };
}

function ticket(d: TicketDraft, missing: string[]): TicketView {
  return {
    id: 7,
    customer_id: 't-1',
    customer_name: 'Contoso',
    reservation_id: 'r-1',
    kind: 'refund',
    status: 'draft',
    ms_ticket_number: null,
    created_at: '2026-12-08T00:00:00Z',
    updated_at: '2026-12-08T00:00:00Z',
    draft: d,
    text: `1 Basics\n${d.problem.description}\n3 Contact information\n  Name: ${d.contact.name}`,
    missing,
    portal_url: 'https://portal.azure.com/#@t-1/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest',
    amount: { amount: '100.00', currency: 'EUR' },
    amount_usd: '108.00',
  };
}

beforeEach(() => {
  for (const m of Object.values(mocks)) m.mockReset();
  mocks.getCustomer.mockResolvedValue({ subscriptions: [] });
  mocks.copyText.mockResolvedValue(undefined);
  toasts.items = [];
});

describe('TicketEditor', () => {
  it('refuses to copy a request whose reason or contact is empty, says which, and copies once they are filled in', async () => {
    const incomplete = ticket(draft('', ''), ['reason', 'name', 'email', 'phone', 'country']);
    mocks.listTickets.mockResolvedValue([incomplete]);
    const { getByTestId, container } = render(TicketEditor, { props: { ticketId: 7 } });
    await waitFor(() => expect(getByTestId('ticket-missing')).toBeTruthy());
    const note = getByTestId('ticket-missing');
    for (const label of ['Reason', 'Name', 'Email', 'Phone', 'Country/region']) expect(note.textContent).toContain(label);
    // Per-field copy buttons are refused too while the request is incomplete.
    expect((getByTestId('copy-field-summary') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(getByTestId('copy-ticket'));
    await waitFor(() => expect(getByTestId('ticket-missing').getAttribute('role')).toBe('alert'));
    expect(getByTestId('ticket-missing').textContent).toContain('Not copied.');
    expect(mocks.copyText).not.toHaveBeenCalled();
    // The first missing field is the reason: the editor went to the Problem step, caret on its line.
    const area = container.querySelector('#t-description') as HTMLTextAreaElement;
    expect(area).not.toBeNull();
    expect(document.activeElement).toBe(area);
    expect(area.selectionStart).toBe(area.value.length);

    // Marking submitted is refused the same way.
    await fireEvent.click(getByTestId('mark-submitted'));
    await waitFor(() => expect(getByTestId('ticket-missing').textContent).toContain('Not marked submitted.'));
    expect(container.querySelector('[data-testid="submit-dialog"]')).toBeNull();

    // Filled in and saved, the core reports nothing missing: the text is copied.
    const complete = ticket(draft('Workload moved', 'Ana Ruiz'), []);
    mocks.updateTicket.mockResolvedValue(complete);
    await fireEvent.input(area, { target: { value: complete.draft.problem.description } });
    await fireEvent.click(getByTestId('copy-ticket'));
    await waitFor(() => expect(mocks.copyText).toHaveBeenCalledWith(complete.text));
    expect(container.querySelector('[data-testid="ticket-missing"]')).toBeNull();
    expect((getByTestId('copy-field-summary') as HTMLButtonElement).disabled).toBe(false);
  });

  it('copies one portal field at a time', async () => {
    const complete = ticket(draft('Workload moved', 'Ana Ruiz'), []);
    mocks.listTickets.mockResolvedValue([complete]);
    const { getByTestId } = render(TicketEditor, { props: { ticketId: 7 } });
    await waitFor(() => expect(getByTestId('ticket-fields')).toBeTruthy());
    await fireEvent.click(getByTestId('copy-field-email'));
    await waitFor(() => expect(mocks.copyText).toHaveBeenCalledWith('ana@partner.example'));
    await fireEvent.click(getByTestId('copy-field-subscription_id'));
    await waitFor(() => expect(mocks.copyText).toHaveBeenCalledWith('11111111-2222-3333-4444-555555555555'));
  });
});
