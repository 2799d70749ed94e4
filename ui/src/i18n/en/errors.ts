// Errors in the window's words: one headline per error code, the actions that go with them, and
// the "Details" disclosure that holds the core's own message and the technical text.
export const errors = {
  'error.code.invalid_input': 'A value was not accepted.',
  'error.code.not_found': 'This item is no longer in the store.',
  'error.code.store_not_empty': 'The store already holds customers, so the demo was not loaded.',
  'error.code.database_too_new': 'This store was written by a newer version of Reservation Desk.',
  'error.code.store_busy': 'The store is in use by another program.',
  'error.code.io': 'A file could not be created or written.',
  'error.code.store': 'The store could not complete the request.',
  'error.code.internal': 'The request stopped unexpectedly.',
  'error.code.no_backend': 'This window is not connected to the Reservation Desk core.',
  'error.code.bridge': 'The window could not reach the Reservation Desk core.',
  'error.code.bad_url': 'Only https addresses are opened.',
  'error.action.busy': 'Wait a moment, then try again.',
  'error.action.update': 'Update Reservation Desk to the latest version to open this store; it was left untouched.',
  'error.action.checkField': 'Check the value of {field}.',
  'error.action.goToField': 'Go to the field',
  'error.action.toList': 'Back to the list',
  'error.action.desktop': 'Start Reservation Desk as the desktop app.',
  'error.details': 'Details',
  'error.details.message': 'Message',
  'error.details.detail': 'Technical detail',
} as const;
