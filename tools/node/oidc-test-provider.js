// A real OpenID provider (npm "oidc-provider") on loopback, for the sign-in test; never used at run time.
// Usage: node oidc-test-provider.js <port> <client-id> <client-secret> <redirect-uri> [<post-logout-redirect-uri>]
// One confidential client (code flow, its secret in the token request's body, as ASP.NET Core sends it).
// Its development login form accepts any login name with any password; the account's claims are
// sub = <login>, preferred_username = <login>@example.test, name = "<login> (test account)". Prints one line,
// "oidc-test-provider ready at <issuer>", once it listens; exits when its stdin closes (the test ended).
"use strict";

async function main() {
  const [port, clientId, clientSecret, redirectUri, postLogoutRedirectUri] = process.argv.slice(2);
  if (!/^\d+$/.test(port ?? "") || !clientId || !clientSecret || !redirectUri) {
    throw new Error("usage: node oidc-test-provider.js <port> <client-id> <client-secret> <redirect-uri> [<post-logout-redirect-uri>]");
  }

  const { default: Provider } = await import("oidc-provider");
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: postLogoutRedirectUri ? [postLogoutRedirectUri] : [],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    }],
    claims: { openid: ["sub"], profile: ["name", "preferred_username"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, preferred_username: `${sub}@example.test`, name: `${sub} (test account)` };
        },
      };
    },
  });

  const server = provider.listen(Number(port), "127.0.0.1", () => console.log(`oidc-test-provider ready at ${issuer}`));
  server.on("error", error => {
    console.error(`oidc-test-provider cannot listen on ${issuer}: ${error.message}`);
    process.exit(1);
  });
  // The test holds our stdin: when it ends (or dies), so do we, and no provider outlives its test.
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}

main().catch(error => {
  console.error(error.stack ?? String(error));
  process.exit(1);
});
