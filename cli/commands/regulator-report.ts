import { writeFileSync } from 'node:fs';
import { findChromium } from '../../scripts/chromium.mjs';
import { renderReportHtml } from '../../client/report-html.ts';
import { renderPdf } from '../../client/report-pdf.ts';
import type { HttpClient } from '../../client/http-client.ts';
import { indicatorQuery, type IndicatorOptions } from '../indicator-options.ts';
import type { Output } from '../output.ts';
import { readCliEnv } from '../settings.ts';
import { UsageError } from '../run-action.ts';

/** The regulator report's options besides the window and filters. */
export interface RegulatorReportOptions extends IndicatorOptions {
  format?: string;
  out?: string;
}

const FORMATS = ['html', 'pdf', 'json'] as const;

/**
 * Fetches the report (JSON) from the API and writes it as JSON, the HTML page, or a PDF of that page rendered by the
 * system Chromium. Text formats go to stdout unless `--out`; a PDF goes to `--out` or `govflow-report-<period>.pdf`.
 */
export async function writeRegulatorReport(api: HttpClient, output: Output, opts: RegulatorReportOptions): Promise<void> {
  const format = opts.format ?? 'html';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${format})`);
  output.progress('reading the report...');
  const report = await api.regulatorReport(indicatorQuery(opts));
  if (format === 'json') return write(output, opts.out, `${JSON.stringify(report, null, 2)}\n`);
  const html = renderReportHtml(report);
  if (format === 'html') return write(output, opts.out, html);
  output.progress('rendering the PDF with Chromium...');
  const pdf = await renderPdf(html, findChromium({ GOVFLOW_CHROMIUM: readCliEnv().GOVFLOW_CHROMIUM }));
  const path = opts.out ?? `govflow-report-${report.indicators.window.label.replace(/[^A-Za-z0-9-]+/g, '_')}.pdf`;
  writeFileSync(path, pdf);
  output.out(`wrote ${path} (${pdf.length} bytes)`);
}

function write(output: Output, path: string | undefined, text: string): void {
  if (path === undefined) return output.out(text);
  writeFileSync(path, text);
  output.out(`wrote ${path}`);
}
