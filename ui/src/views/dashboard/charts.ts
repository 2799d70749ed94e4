// The dashboard's charts as bars and words: what the bar chart draws and what a screen reader says.
import type { MonthExpiries, UtilizationBand } from '../../api/desk';
import { plural, t } from '../../i18n/index.svelte';
import { formatInteger } from '../../lib/format';
import { bandLabel, monthName } from './review';

/** A bar as BarChart.svelte takes it (its `BarDatum`; `tsc` cannot import types from a .svelte file). */
export interface BarDatum {
  label: string;
  value: number;
  part?: number;
  text: string;
}

/** The 10 utilization bands as bars, labelled "0–10" … "90–100". */
export function utilizationBars(bands: readonly UtilizationBand[]): BarDatum[] {
  return bands.map((b) => ({
    label: `${b.from}–${b.to}`,
    value: b.count,
    text: plural(b.count, 'dashboard.chart.utilization.readout.one', 'dashboard.chart.utilization.readout.other', {
      band: bandLabel(b.from, b.to),
      count: formatInteger(b.count),
    }),
  }));
}

/** The bands' boundaries for the axis: "0", "10" … "100". */
export function utilizationEdges(bands: readonly UtilizationBand[]): string[] {
  const first = bands[0];
  return first ? [String(first.from), ...bands.map((b) => String(b.to))] : [];
}

export function utilizationSummary(bands: readonly UtilizationBand[], noData: number): string {
  const parts = bands.map((b) => `${bandLabel(b.from, b.to)}: ${formatInteger(b.count)}`).join(', ');
  const summary = t('dashboard.chart.utilization.summary', { bands: parts });
  return `${summary} ${noDataNote(noData)}`;
}

export function noDataNote(noData: number): string {
  return noData === 0
    ? t('dashboard.chart.utilization.allData')
    : plural(noData, 'dashboard.chart.utilization.noData.one', 'dashboard.chart.utilization.noData.other', {
        count: formatInteger(noData),
      });
}

/** The 12 months as bars: the month's short name, with the year under January and the first month. */
export function expiryBars(months: readonly MonthExpiries[]): BarDatum[] {
  return months.map((m, i) => {
    const year = m.month.slice(0, 4);
    const short = monthName(m.month, 'short');
    const withYear = i === 0 || m.month.endsWith('-01');
    return {
      label: withYear ? `${short}\n${year}` : short,
      value: m.count,
      part: m.renewing,
      text: t('dashboard.chart.expiries.readout', {
        month: monthName(m.month),
        count: formatInteger(m.count),
        renewing: formatInteger(m.renewing),
      }),
    };
  });
}

export function expirySummary(months: readonly MonthExpiries[]): string {
  const parts = expiryBars(months)
    .map((b) => b.text)
    .join('; ');
  return t('dashboard.chart.expiries.summary', { months: parts });
}
