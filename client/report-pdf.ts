import { chromium } from 'playwright-core';

/** No Chromium to render with: says what to install or set. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  constructor() {
    super(
      "no Chromium found to render the PDF: install Debian's `chromium` package (apt-get install chromium fonts-noto-cjk) " +
        'or set GOVFLOW_CHROMIUM to a Chromium executable; `--format html` needs no browser',
    );
  }
}

/** Renders a self-contained HTML page to an A4 PDF with the system Chromium (never a downloaded browser build). */
export async function renderPdf(html: string, executablePath: string | null): Promise<Buffer> {
  if (!executablePath) throw new ChromiumMissingError();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}
