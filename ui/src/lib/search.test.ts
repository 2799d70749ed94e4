import { describe, expect, it } from 'vitest';
import { filterCustomers, normalizeQuery, searchFold } from './search';
import { customerFixture } from '../test/fixtures';

const customer = (name: string, domain: string, tenant: string) => customerFixture(name, tenant, { primary_domain: domain });

const contoso = customer('Contoso Retail', 'contosoretail.onmicrosoft.com', '6f1b6c3a-1d2e-4c5b-9a8f-0e1d2c3b4a59');
const fabrikam = customer('Fabrikam GmbH', 'fabrikam.de', 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d');
const northwind = customer('Northwind Traders', 'northwind.example', '11111111-2222-4333-8444-555555555555');
const all = [contoso, fabrikam, northwind];

describe('filterCustomers', () => {
  it('returns everyone, in order, for an empty or blank query', () => {
    expect(filterCustomers(all, '')).toEqual(all);
    expect(filterCustomers(all, '   ')).toEqual(all);
  });

  it('matches a substring of the name, ignoring case', () => {
    expect(filterCustomers(all, 'RETAIL')).toEqual([contoso]);
    expect(filterCustomers(all, 'wind tra')).toEqual([northwind]);
  });

  it('matches the primary domain', () => {
    expect(filterCustomers(all, 'fabrikam.de')).toEqual([fabrikam]);
    expect(filterCustomers(all, '.example')).toEqual([northwind]);
  });

  it('matches the tenant ID, whole or in part, pasted with or without braces', () => {
    expect(filterCustomers(all, 'A0B1C2D3-E4F5-4A6B-8C7D-9E0F1A2B3C4D')).toEqual([fabrikam]);
    expect(filterCustomers(all, '{6f1b6c3a-1d2e-4c5b-9a8f-0e1d2c3b4a59}')).toEqual([contoso]);
    expect(filterCustomers(all, '2222-4333')).toEqual([northwind]);
  });

  it('returns nothing when nothing matches', () => {
    expect(filterCustomers(all, 'woodgrove')).toEqual([]);
  });

  it('returns several matches in input order', () => {
    expect(filterCustomers(all, 'r')).toEqual([contoso, fabrikam, northwind]);
  });
});

describe('normalizeQuery', () => {
  it('trims, lowercases and drops braces around a GUID', () => {
    expect(normalizeQuery('  Contoso ')).toBe('contoso');
    expect(normalizeQuery('{ABC}')).toBe('abc');
  });
});

describe('searchFold', () => {
  it("reads the 2018 Chinese terms as today's, so either finds the other", () => {
    expect(searchFold('Contoso 预订 兑换')).toBe('contoso 预留 交换');
    const older = customerFixture('华北预订中心', 'aaaaaaaa-0000-4000-8000-000000000001');
    const today = customerFixture('华东预留中心', 'aaaaaaaa-0000-4000-8000-000000000002');
    expect(filterCustomers([older, today], '预留')).toEqual([older, today]);
    expect(filterCustomers([older, today], '华东预订')).toEqual([today]);
  });
});
