import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/**
 * A real OIDC issuer for tests: an HTTP server on loopback that publishes its discovery
 * document and key set, and signs tokens with real RSA keys. `rotate()` replaces the key.
 */
export class TestIssuer {
  /** How often the key set was fetched. */
  jwksFetches = 0;
  private keys: SigningKey[] = [];
  private generation = 0;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
  ) {}

  static async start(): Promise<TestIssuer> {
    let self: TestIssuer | undefined;
    const server = createServer((request, response) => {
      const issuer = self!;
      if (request.url === '/.well-known/openid-configuration') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: issuer.issuer, jwks_uri: `${issuer.issuer}/jwks` }));
      } else if (request.url === '/jwks') {
        issuer.jwksFetches++;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: issuer.keys.map((key) => key.publicJwk) }));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new TestIssuer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await self.rotate();
    return self;
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  /** A new signing key replaces the old one in the published set. */
  async rotate(): Promise<void> {
    this.keys = [await newKey(`key-${++this.generation}`)];
  }

  /** A token signed with the current key; claims default to a valid one for `audience`. */
  async sign(claims: Record<string, unknown>, options: { audience: string; expiresInSeconds?: number; issuer?: string; key?: 'current' | 'unpublished' }): Promise<string> {
    const key = options.key === 'unpublished' ? await newKey('unpublished') : this.keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSeconds ?? 300))
      .sign(key.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}
