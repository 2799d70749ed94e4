// English, the reference language: every key the UI uses is defined here first.
// Each area of the window has its own file so that areas can be edited independently.
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

export const en = {
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
} as const;

/** A message key: `area.thing`, defined in English and (by type) in every other language. */
export type MessageKey = keyof typeof en;
