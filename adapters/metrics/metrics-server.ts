import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { checkScrape, type ScrapeAccess } from './scrape-access.ts';

/** A running metrics listener and how to stop it. */
export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `GET /metrics` from `registry` on its own port (the worker has no other HTTP listener). */
export async function startMetricsServer(opts: {
  registry: Registry;
  host: string;
  port: number;
  access: ScrapeAccess;
}): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') return void res.writeHead(404).end('not found\n');
    const allowed = checkScrape(opts.access, req.headers.authorization);
    if (allowed === 'closed') return void res.writeHead(404).end('metrics are not served: set GOVFLOW_METRICS_TOKEN\n');
    if (allowed === 'unauthorized')
      return void res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end('unauthorized\n');
    opts.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': opts.registry.contentType }).end(body),
      (err: unknown) => res.writeHead(500).end(`metrics failed: ${String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
