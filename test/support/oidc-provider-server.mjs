/**
 * A real OpenID Connect provider (panva's oidc-provider) for the tests, run as a child process by
 * test/support/oidc-provider.ts: oidc-provider is an ES module Jest's loader cannot run, and a
 * provider of its own process is what a deployment talks to anyway.
 *
 * Configuration comes as JSON in OIDC_TEST_PROVIDER: { clients: [...], accounts: { id: claims } }.
 * It listens on a free port of 127.0.0.1 and prints one line, {"issuer":"http://localhost:<port>"},
 * once it serves: named `localhost`, another site than the app at 127.0.0.1 (what a browser
 * makes of cookies across the two is then what it makes of them across a hospital's provider and
 * the app). The sign-in page asks for a username only (an account id), consent is implied for
 * every client, and the logout page asks "Sign out?" with one button. A login form may say the
 * sign-in was made earlier (`authenticated_seconds_ago`), for tests of stale re-authentication.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const spec = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}');
const accounts = spec.accounts ?? {};

const escape = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
      if (text.length > 10_000) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(text)));
    req.on('error', reject);
  });
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://localhost:${server.address().port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: spec.clients ?? [],
    async findAccount(_ctx, id) {
      if (!Object.hasOwn(accounts, id)) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: {
      keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' }],
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page(
            'Sign out?',
            `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`,
          );
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Consent is implied: every scope a client asks for is granted.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      const grant =
        (grantId && (await ctx.oidc.provider.Grant.find(grantId))) ||
        new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client.clientId,
          accountId: ctx.oidc.session.accountId,
        });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in error',
        `<p>${escape(out.error)}: ${escape(out.error_description ?? '')}</p>`,
      );
    },
  });

  const interaction = /^\/interaction\/([^/]+)(\/login)?$/;
  server.on('request', async (req, res) => {
    const path = new URL(req.url, issuer).pathname;
    // What a browser asks of any site: nothing to show, and no error to report either.
    if (path === '/favicon.ico') return res.writeHead(204).end();
    const match = interaction.exec(path);
    if (!match) return provider.callback()(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (match[2] && req.method === 'POST') {
        const form = await readForm(req);
        const login = form.get('login') ?? '';
        // A test's way to a stale authentication: the provider records the sign-in as made this
        // many seconds ago (its `auth_time`), as a provider that ignored `max_age` would.
        const ago = Number(form.get('authenticated_seconds_ago') ?? 0);
        if (Object.hasOwn(accounts, login)) {
          const ts = Math.floor(Date.now() / 1000) - (Number.isFinite(ago) ? ago : 0);
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: login, ts } },
            { mergeWithLastSubmission: false },
          );
          return;
        }
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        page(
          'Hospital sign-in',
          `<p>Signing in to ${escape(details.params.client_id)}</p>` +
            `<form method="post" action="/interaction/${escape(details.uid)}/login">` +
            '<label>Username <input name="login" autocomplete="username" autofocus></label>' +
            '<button type="submit">Continue</button></form>',
        ),
      );
    } catch (error) {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page('Sign-in error', `<p>${escape(error.message)}</p>`));
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => process.exit(0));
