import { loadConfig } from '@lifeline/config';
import { listenAddress } from './listen-address';

describe('listenAddress', () => {
  const config = (host?: string) => loadConfig(host === undefined ? {} : { LIFELINE_HOST: host });

  it('listens on loopback by default, with a notice in protected mode only', () => {
    expect(listenAddress(config(), true)).toEqual({ host: '127.0.0.1', notice: expect.stringMatching(/^protected mode: /) });
    expect(listenAddress(config(), false)).toEqual({ host: '127.0.0.1' });
  });

  it('serves another address only when authentication is configured', () => {
    expect(listenAddress(config('0.0.0.0'), false)).toEqual({ host: '0.0.0.0' });
    expect(() => listenAddress(config('0.0.0.0'), true)).toThrow(/^LIFELINE_HOST=0.0.0.0 serves other machines, which needs authentication/);
    expect(() => listenAddress(config('192.168.1.10'), true)).toThrow(/LIFELINE_HOST=192.168.1.10/);
  });

  it('counts every loopback spelling as this machine', () => {
    for (const host of ['localhost', '::1', '127.0.0.1', '127.1.2.3']) expect(listenAddress(config(host), true).host).toBe(host);
  });
});
