// Exits 0 when the OpenID Connect issuer at the given URL serves a discovery document naming itself.
const issuer = process.argv[2];
try {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) });
  const doc = res.ok ? await res.json() : {};
  process.exit(doc.issuer === issuer && doc.jwks_uri ? 0 : 1);
} catch {
  process.exit(1);
}
