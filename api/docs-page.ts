/** The parts of an OpenAPI document the docs page reads. */
interface OpenApiLike {
  info: { title: string; version: string; description?: string };
  paths?: object;
}

interface OperationLike {
  summary?: string;
  description?: string;
  security?: unknown[];
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/**
 * Renders the API's routes as one self-contained HTML page: no scripts or assets from elsewhere, so it works on a
 * machine without internet; the full schemas are one click away at /openapi.json.
 */
export function renderDocsPage(doc: OpenApiLike, specPath = '/openapi.json'): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Partial<Record<string, OperationLike>>][]) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const auth = op.security && op.security.length > 0 ? 'bearer' : '';
      rows.push(
        `<tr><td class="m ${method}">${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td>` +
          `<td>${escapeHtml(op.summary ?? '')}<div class="d">${escapeHtml(op.description ?? '')}</div></td><td>${auth}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)} — API</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
.m{font-weight:600;font-family:monospace}.get{color:#0a6}.post{color:#06c}.delete{color:#c00}.d{color:#666;font-size:13px}
</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable contract: <a href="${escapeHtml(specPath)}">${escapeHtml(specPath)}</a> (OpenAPI 3.1).
Errors are <code>application/problem+json</code> (RFC 9457).</p>
<table><thead><tr><th>method</th><th>path</th><th>what it does</th><th>auth</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>`;
}
