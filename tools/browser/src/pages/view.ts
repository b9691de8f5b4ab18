/**
 * What each test page shows and reports: a title, the connection status, a count and the
 * latest value, and errors. The test reads `window.report` (the same facts as the page).
 */
export interface PageReport {
  status: string;
  received: number;
  latest: string;
  errors: string[];
}

declare global {
  interface Window {
    report: PageReport;
  }
}

/** Renders the page body and returns the report that `update` keeps current. */
export function createView(title: string): { report: PageReport; update(change: Partial<PageReport>): void } {
  const report: PageReport = { status: 'idle', received: 0, latest: '', errors: [] };
  window.report = report;
  document.title = title;
  document.body.innerHTML = `<h1>${title}</h1><dl><dt>status</dt><dd id="status"></dd><dt>received</dt><dd id="received"></dd><dt>latest</dt><dd id="latest"></dd><dt>errors</dt><dd id="errors"></dd></dl>`;
  const field = (id: string) => document.getElementById(id) as HTMLElement;
  const update = (change: Partial<PageReport>) => {
    Object.assign(report, change);
    field('status').textContent = report.status;
    field('received').textContent = String(report.received);
    field('latest').textContent = report.latest;
    field('errors').textContent = report.errors.join('\n') || 'none';
  };
  update({});
  return { report, update };
}

/** The simulator URL and other settings the test passes in the page's query string. */
export const query = (name: string): string => new URLSearchParams(location.search).get(name) ?? '';
