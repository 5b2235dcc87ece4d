import { requestLogLevel } from './request-logging';

describe('requestLogLevel', () => {
  it('logs the 503s of a normal shutdown at info, other 503s at warn', () => {
    expect(requestLogLevel(503, true)).toBe('info');
    expect(requestLogLevel(503, false)).toBe('warn');
  });

  it('logs other server errors at error, whether stopping or not', () => {
    expect(requestLogLevel(500, false)).toBe('error');
    expect(requestLogLevel(500, true)).toBe('error');
    expect(requestLogLevel(200, false, new Error('socket hang up'))).toBe('error');
  });

  it('logs answered requests, refusals included, at info', () => {
    expect(requestLogLevel(201, false)).toBe('info');
    expect(requestLogLevel(400, false)).toBe('info');
    expect(requestLogLevel(404, true)).toBe('info');
  });
});
