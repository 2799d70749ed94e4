// The system file dialogs the shell opens: their titles and file-type filters.
export const dialogs = {
  'dialog.import.title': 'Import files',
  'dialog.import.filter': 'Exports (JSON, CSV, portfolio)',
  'dialog.allFiles': 'All files',
  'dialog.export.title': 'Export portfolio',
  'dialog.export.filter': 'Reservation Desk portfolio',
  'dialog.report.title': 'Save the review report',
  'dialog.report.html': 'Web page (print to PDF from a browser)',
  'dialog.report.csv': 'CSV table',
} as const;
