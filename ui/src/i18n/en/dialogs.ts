// The system file dialogs the shell opens: their titles and file-type filters.
export const dialogs = {
  'dialog.import.title': 'Import files',
  'dialog.import.filter': 'Exports (JSON, CSV, portfolio)',
  'dialog.allFiles': 'All files',
  'dialog.csv.title': 'Save the list as CSV',
  'dialog.csv.filter': 'CSV table',
  'dialog.ics.title': 'Save the expiries as a calendar',
  'dialog.ics.filter': 'iCalendar file',
  'dialog.export.title': 'Export portfolio',
  'dialog.export.filter': 'Reservation Desk portfolio',
  'dialog.report.title': 'Save the review report',
  'dialog.report.html': 'Web page (print to PDF from a browser)',
  'dialog.report.csv': 'CSV table',
} as const;
