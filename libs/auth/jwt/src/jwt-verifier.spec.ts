import { CredentialsUncheckableError, InvalidCredentialsError } from '@lifeline/auth/port';
import { JwtVerifier } from './jwt-verifier';
import { TestIssuer } from './testing/test-issuer';

describe('JwtVerifier against an issuer served on loopback', () => {
  let issuer: TestIssuer;
  const audience = 'lifeline-api';
  beforeEach(async () => {
    issuer = await TestIssuer.start();
  });
  afterEach(async () => {
    await issuer.stop();
  });
  const verifier = (overrides: Partial<ConstructorParameters<typeof JwtVerifier>[0]> = {}) =>
    new JwtVerifier({ issuer: issuer.issuer, audience, rolesClaim: 'roles', ...overrides });

  it('discovers the key set, verifies the token and takes subject and known roles from it', async () => {
    const token = await issuer.sign({ sub: 'alice', roles: ['analyst', 'writer', 'superuser'] }, { audience });
    await expect(verifier().verify(token)).resolves.toEqual({ kind: 'jwt', name: 'jwt:alice', roles: ['analyst', 'writer'] });
  });

  it('reads roles from a nested claim, also as a space-separated string', async () => {
    const token = await issuer.sign({ sub: 'svc', realm_access: { roles: 'consumer operator' } }, { audience });
    await expect(verifier({ rolesClaim: 'realm_access.roles', jwksUrl: issuer.jwksUrl }).verify(token)).resolves.toMatchObject({ roles: ['consumer', 'operator'] });
  });

  it.each([
    ['expired', { sub: 'a' }, { audience, expiresInSeconds: -120 }, /expired/],
    ['for another audience', { sub: 'a' }, { audience: 'another-service' }, /aud claim/],
    ['from another issuer', { sub: 'a' }, { audience, issuer: 'https://evil.example' }, /iss claim/],
    ['signed with a key the issuer does not publish', { sub: 'a' }, { audience, key: 'unpublished' as const }, /does not publish/],
    ['without a subject', {}, { audience }, /sub claim/],
  ])('refuses a token %s', async (_what, claims, options, message) => {
    const token = await issuer.sign(claims, options);
    const failure = verifier().verify(token);
    await expect(failure).rejects.toThrow(InvalidCredentialsError);
    await expect(failure).rejects.toThrow(message);
  });

  it('refuses a token whose signature was tampered with', async () => {
    const token = await issuer.sign({ sub: 'alice', roles: ['reader'] }, { audience });
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'alice', roles: ['admin'], iss: issuer.issuer, aud: audience, exp: 9_999_999_999 })).toString('base64url');
    await expect(verifier().verify(`${header}.${forgedPayload}.${signature}`)).rejects.toThrow(/signature is not valid/);
  });

  it('follows a key rotation: a token signed with the new key is accepted without a restart', async () => {
    const checker = verifier({ jwksUrl: issuer.jwksUrl, keySetCooldownMs: 0 });
    await checker.verify(await issuer.sign({ sub: 'a' }, { audience }));
    expect(issuer.jwksFetches).toBe(1);
    await issuer.rotate();
    await expect(checker.verify(await issuer.sign({ sub: 'b' }, { audience }))).resolves.toMatchObject({ name: 'jwt:b' });
    expect(issuer.jwksFetches).toBe(2);
  });

  it('caches the key set: many verifications, one fetch', async () => {
    const checker = verifier();
    const token = await issuer.sign({ sub: 'a' }, { audience });
    for (let i = 0; i < 5; i++) await checker.verify(token);
    expect(issuer.jwksFetches).toBe(1);
  });

  it('says the credentials cannot be checked (not that they are wrong) when the issuer is unreachable', async () => {
    const token = await issuer.sign({ sub: 'a' }, { audience });
    const unreachable = new JwtVerifier({ issuer: 'http://127.0.0.1:9', audience, rolesClaim: 'roles' });
    await expect(unreachable.verify(token)).rejects.toThrow(CredentialsUncheckableError);
  });
});
