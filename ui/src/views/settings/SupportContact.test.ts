import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Contact } from '../../api/desk';
import { toasts } from '../../lib/toasts.svelte';
import SupportContact from './SupportContact.svelte';

const mocks = vi.hoisted(() => ({ getSupportContact: vi.fn(), setSupportContact: vi.fn() }));

vi.mock('../../api/desk', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api/desk')>();
  return { ...actual, desk: { ...actual.desk, getSupportContact: mocks.getSupportContact, setSupportContact: mocks.setSupportContact } };
});

const STARTER: Contact = {
  preferred_contact_method: 'Email',
  severity: 'C',
  name: '',
  email: '',
  phone: '',
  country: '',
  time_zone: '(UTC) Coordinated Universal Time',
  language: 'English',
};

const field = (c: HTMLElement, f: string) => c.querySelector(`[data-testid="settings-contact-${f}"]`) as HTMLInputElement;

beforeEach(() => {
  mocks.getSupportContact.mockReset();
  mocks.setSupportContact.mockReset();
  mocks.getSupportContact.mockResolvedValue({ ...STARTER });
  toasts.items = [];
});

describe('SupportContact', () => {
  it('names what the portal still needs, and saves the default every new ticket starts from', async () => {
    const { container, getByTestId } = render(SupportContact);
    await waitFor(() => expect(field(container, 'name')).not.toBeNull());
    expect(getByTestId('settings-contact-missing').textContent).toContain('Name, Email, Phone, Country/region');

    const saved = { ...STARTER, name: 'Ana Ruiz', email: 'ana@partner.example', phone: '+34 600 000 000', country: 'Spain' };
    mocks.setSupportContact.mockResolvedValue(saved);
    await fireEvent.input(field(container, 'name'), { target: { value: 'Ana Ruiz' } });
    await fireEvent.input(field(container, 'email'), { target: { value: 'ana@partner.example' } });
    await fireEvent.input(field(container, 'phone'), { target: { value: '+34 600 000 000' } });
    await fireEvent.input(field(container, 'country'), { target: { value: 'Spain' } });
    expect(container.querySelector('[data-testid="settings-contact-missing"]')).toBeNull();
    await fireEvent.click(getByTestId('settings-contact-save'));
    await waitFor(() => expect(mocks.setSupportContact).toHaveBeenCalledWith(saved));
    await waitFor(() => expect(toasts.items.map((t) => t.text)).toContain('Saved the support contact'));
  });

  it('shows the core’s rejection under the field it names', async () => {
    const { container, getByTestId } = render(SupportContact);
    await waitFor(() => expect(field(container, 'email')).not.toBeNull());
    mocks.setSupportContact.mockRejectedValue({
      code: 'invalid_input',
      message: 'email: expected an email address such as name@contoso.com (found "x")',
      detail: null,
      file: null,
      line: null,
      field: 'email',
    });
    await fireEvent.input(field(container, 'email'), { target: { value: 'x' } });
    await fireEvent.click(getByTestId('settings-contact-save'));
    await waitFor(() => expect(getByTestId('settings-contact-error').textContent).toContain('Expected an email address such as name@contoso.com.'));
    expect(document.activeElement).toBe(field(container, 'email'));
  });
});
