/**
 * A person at a browser, reduced to what the local issuer's sign-in pages need: it keeps cookies, follows redirects,
 * and submits each page's form (filling in the login name), until the issuer shows a page without one.
 */
export async function signInAtBrowser(url: string, login: string): Promise<string> {
  const cookies = new Map<string, string>();
  const send = async (target: string, form?: URLSearchParams): Promise<{ url: string; html: string }> => {
    for (let hops = 0; hops < 10; hops++) {
      const res = await fetch(target, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        ...(form ? { body: form } : {}),
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (!location) return { url: target, html: await res.text() };
      target = new URL(location, target).href;
      form = undefined;
    }
    throw new Error(`too many redirects from ${url}`);
  };
  let page = await send(url);
  for (let step = 0; step < 10; step++) {
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page.html);
    if (!form) return page.html;
    const fields = new URLSearchParams();
    for (const [, name, value] of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
      fields.set(name!, value!);
    if (/name="login"/.test(form[2]!)) {
      fields.set('login', login);
      fields.set('password', 'unused: the local issuer signs dev accounts in without a password');
    }
    page = await send(new URL(form[1]!, page.url).href, fields);
  }
  throw new Error(`the sign-in at ${url} did not finish`);
}
