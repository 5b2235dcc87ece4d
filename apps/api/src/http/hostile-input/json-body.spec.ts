import { checkJsonShape, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './json-body';

const shape = (json: string) => () => checkJsonShape(Buffer.from(json));

describe('checkJsonShape (before JSON.parse)', () => {
  it('takes a flat command body', () => {
    expect(shape('{"name":"Ada","segment":"smb","keyAccount":true}')).not.toThrow();
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH}`, () => {
    expect(shape(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).not.toThrow();
    expect(shape(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toThrow(/deeper than/);
  });

  it('does not count brackets, colons or commas inside strings', () => {
    expect(shape(JSON.stringify({ note: '[[[[[[[[[[[[{{{{{{{{{:,:,:,'.repeat(200), quote: 'a\\"[[[[[[[[[[[[' }))).not.toThrow();
  });

  it(`refuses more than ${MAX_JSON_VALUES} keys and elements, counting each once`, () => {
    const keys = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
    const elements = (n: number) => JSON.stringify({ a: Array.from({ length: n - 1 }, () => 0) });
    expect(shape(keys(MAX_JSON_VALUES))).not.toThrow();
    expect(shape(keys(MAX_JSON_VALUES + 1))).toThrow(/more than/);
    expect(shape(elements(MAX_JSON_VALUES))).not.toThrow();
    expect(shape(elements(MAX_JSON_VALUES + 1))).toThrow(/more than/);
  });
});
